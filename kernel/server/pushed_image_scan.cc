#include "server/pushed_image_scan.h"

#include <archive.h>
#include <archive_entry.h>

#include <atomic>
#include <memory>
#include <stdexcept>

#include "registry/image_pull.h"

namespace bulwark::server {
namespace {

namespace fs = std::filesystem;

struct ArchiveCloser {
  void operator()(archive* a) const { archive_read_free(a); }
};

// Removes the layout whatever happens to the scan.
struct ScopedDir {
  fs::path path;
  ~ScopedDir() {
    std::error_code ignored;
    fs::remove_all(path, ignored);
  }
};

}  // namespace

size_t countLayerEntries(const fs::path& blob, const std::string& digest) {
  std::unique_ptr<archive, ArchiveCloser> reader(archive_read_new());
  archive_read_support_filter_all(reader.get());
  archive_read_support_format_tar(reader.get());
  if (archive_read_open_filename(reader.get(), blob.c_str(), 64 * 1024) != ARCHIVE_OK)
    throw std::runtime_error("layer " + digest + " is not a readable tar archive: " +
                             archive_error_string(reader.get()));
  size_t entries = 0;
  archive_entry* entry = nullptr;
  for (;;) {
    int rc = archive_read_next_header(reader.get(), &entry);
    if (rc == ARCHIVE_EOF) break;
    if (rc < ARCHIVE_WARN)
      throw std::runtime_error("layer " + digest + " is not a readable tar archive (entry " +
                               std::to_string(entries) +
                               "): " + archive_error_string(reader.get()));
    ++entries;
    if (archive_read_data_skip(reader.get()) < ARCHIVE_WARN)
      throw std::runtime_error("layer " + digest + " is truncated or corrupt at entry " +
                               std::to_string(entries) + ": " + archive_error_string(reader.get()));
  }
  return entries;
}

std::string scanPushedImage(const ManifestPush& push, const PushedImageScanSettings& settings) {
  static std::atomic<unsigned> counter{0};
  ScopedDir layout{settings.workDir /
                   ("pull-" + push.digest.substr(7, 16) + "-" + std::to_string(counter++))};
  registry::ImageReference reference;
  reference.registry = push.registry;
  reference.repository = push.repository;
  reference.digest = push.digest;
  registry::PulledImage image =
      registry::pullImage(reference, settings.registry, settings.credentials, layout.path);
  size_t entries = 0;
  for (const auto& layer : image.layers)
    entries +=
        countLayerEntries(layout.path / "blobs" / "sha256" / layer.digest.substr(7), layer.digest);
  return std::to_string(image.layers.size()) + " layers, " + std::to_string(entries) +
         " entries, " + std::to_string(image.bytes) + " bytes";
}

}  // namespace bulwark::server
