#include "push/pushed_image_scan.h"

#include <atomic>

#include "image/image_report.h"
#include "image/scan_status.h"
#include "registry/image_pull.h"

namespace bulwark::containers {
namespace {

namespace fs = std::filesystem;

// Removes the layout whatever happens to the scan.
struct ScopedDir {
  fs::path path;
  ~ScopedDir() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
};

}  // namespace

std::string pushedImageReference(const ManifestPush& push) {
  return push.registry + "/" + push.repository + "@" + push.digest;
}

std::string scanPushedImage(const ManifestPush& push, const PushedImageScanSettings& settings) {
  static std::atomic<unsigned> counter{0};
  ScopedDir layout{settings.workDir /
                   ("pull-" + push.digest.substr(7, 16) + "-" + std::to_string(counter++))};
  registry::ImageReference reference;
  reference.registry = push.registry;
  reference.repository = push.repository;
  reference.digest = push.digest;
  registry::pullImage(reference, settings.registry, settings.credentials, layout.path);

  VulnerabilitySnapshot db;
  if (settings.vulndb) db = settings.vulndb();
  image::ScanOptions options;
  options.platform = image::parsePlatform(settings.registry.platform);
  image::ImageScanResult result = image::scanImage(
      image::parseImageReference("oci:" + layout.path.string()), options, db.match);
  result.reference = pushedImageReference(push);
  if (!push.tag.empty()) result.tags = {push.tag};
  if (settings.statuses != nullptr)
    settings.statuses->markCompleted(
        push.digest, result.reference, db.importedAt, static_cast<int64_t>(result.packages.size()),
        static_cast<int64_t>(result.findings.size()), image::scanResultJson(result).dump());
  return std::to_string(result.packages.size()) + " packages, " +
         std::to_string(result.findings.size()) + " findings" +
         (db.match ? "" : " (no vulnerability database)");
}

}  // namespace bulwark::containers
