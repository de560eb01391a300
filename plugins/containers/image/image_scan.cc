#include "image/image_scan.h"

#include <chrono>

#include "image/merged_view.h"

namespace bulwark::image {
namespace {

std::string distroEcosystem(const std::string& osId) {
  if (osId == "debian") return "Debian";
  if (osId == "ubuntu") return "Ubuntu";
  if (osId == "alpine") return "Alpine";
  if (osId == "wolfi") return "Wolfi";
  if (osId == "rhel" || osId == "centos") return "Red Hat";
  if (osId == "rocky") return "Rocky Linux";
  if (osId == "almalinux") return "AlmaLinux";
  if (osId == "opensuse-leap" || osId == "sles") return "SUSE";
  return osId;
}

}  // namespace

sdk::PackageQuery queryFor(const Package& p, const std::optional<OsInfo>& os) {
  sdk::PackageQuery q;
  if (p.isDistro() && os) {
    q = sdk::distroPackageQuery(os->id, !os->versionId.empty() ? os->versionId : os->codename,
                                p.name, p.version, p.sourceName, p.sourceVersion);
  } else {
    q.package = p.name;
    q.version = p.version;
  }
  q.ecosystem = p.ecosystem;
  return q;
}

ImageScanResult scanImage(const ImageReference& ref, const ScanOptions& options,
                          const PackageMatcher& match) {
  auto started = std::chrono::steady_clock::now();
  AnalyserList analysers = allAnalysers(options.limits);
  ImageContent content =
      readImage(ref, options.platform, analysers, options.limits, options.onResolved);
  MergedImage merged = mergeLayers(content.results);

  ImageScanResult result;
  result.reference = ref.text;
  result.digest = content.digest;
  result.tags = content.tags;
  if (!content.os.empty()) result.platform = content.os + "/" + content.architecture;
  for (const auto& layer : content.results)
    result.layers.push_back(
        {layer.digest, layer.compressedBytes, layer.uncompressedBytes, layer.entries});
  result.osInfo = merged.os;
  if (merged.os)
    result.os = merged.os->id + " " + merged.os->versionId +
                (merged.os->prettyName.empty() ? "" : " (" + merged.os->prettyName + ")");
  result.problems = merged.problems;
  bool distroWithoutOs = false;
  for (auto& p : merged.packages) {
    if (p.isDistro()) {
      if (merged.os) {
        p.ecosystem = distroEcosystem(merged.os->id);
      } else {
        distroWithoutOs = true;
      }
    }
    result.packages.push_back(p);
  }
  if (distroWithoutOs)
    result.problems.push_back(
        {"", "", "operating system unknown (no os-release): distro packages were not matched"});
  if (match) {
    result.matched = true;
    std::vector<const Package*> queried;
    std::vector<sdk::PackageQuery> queries;
    for (const auto& p : result.packages) {
      if (p.isDistro() && !merged.os) continue;
      queried.push_back(&p);
      queries.push_back(queryFor(p, merged.os));
    }
    for (auto& m : match(queries)) {
      if (m.query >= queried.size()) continue;
      const Package& p = *queried[m.query];
      result.findings.push_back({p, std::move(m)});
    }
  }
  result.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return result;
}

}  // namespace bulwark::image
