#include "image/layer_builder.h"

#include <archive.h>
#include <archive_entry.h>

#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "image/sha256.h"

namespace bulwark::test {

using nlohmann::json;

TarEntry file(std::string path, std::string content, int mode) {
  return {TarEntry::File, std::move(path), std::move(content), mode};
}
TarEntry symlinkTo(std::string path, std::string target) {
  return {TarEntry::Symlink, std::move(path), std::move(target), 0777};
}
TarEntry hardlinkTo(std::string path, std::string target) {
  return {TarEntry::Hardlink, std::move(path), std::move(target), 0644};
}

std::string makeTar(const std::vector<TarEntry>& entries, const std::string& compression) {
  std::unique_ptr<archive, decltype(&archive_write_free)> a(archive_write_new(),
                                                            archive_write_free);
  archive_write_set_format_pax_restricted(a.get());
  if (compression == "gzip") archive_write_add_filter_gzip(a.get());
  if (compression == "zstd" && archive_write_add_filter_zstd(a.get()) != ARCHIVE_OK)
    throw std::runtime_error("libarchive has no zstd writer");
  std::vector<char> buffer(64 << 20);
  size_t used = 0;
  if (archive_write_open_memory(a.get(), buffer.data(), buffer.size(), &used) != ARCHIVE_OK)
    throw std::runtime_error(archive_error_string(a.get()));
  for (const auto& e : entries) {
    std::unique_ptr<archive_entry, decltype(&archive_entry_free)> entry(archive_entry_new(),
                                                                        archive_entry_free);
    archive_entry_set_pathname(entry.get(), e.path.c_str());
    archive_entry_set_perm(entry.get(), static_cast<mode_t>(e.mode));
    switch (e.type) {
      case TarEntry::File:
        archive_entry_set_filetype(entry.get(), AE_IFREG);
        archive_entry_set_size(entry.get(), static_cast<la_int64_t>(e.content.size()));
        break;
      case TarEntry::Dir:
        archive_entry_set_filetype(entry.get(), AE_IFDIR);
        break;
      case TarEntry::Symlink:
        archive_entry_set_filetype(entry.get(), AE_IFLNK);
        archive_entry_set_symlink(entry.get(), e.content.c_str());
        break;
      case TarEntry::Hardlink:
        archive_entry_set_filetype(entry.get(), AE_IFREG);
        archive_entry_set_hardlink(entry.get(), e.content.c_str());
        break;
    }
    archive_write_header(a.get(), entry.get());
    if (e.type == TarEntry::File) archive_write_data(a.get(), e.content.data(), e.content.size());
  }
  archive_write_close(a.get());
  return std::string(buffer.data(), used);
}

std::string sha256Digest(const std::string& data) {
  return image::Sha256::of(data);
}

OciLayoutBuilder::OciLayoutBuilder(std::filesystem::path dir) : dir_(std::move(dir)) {
  std::filesystem::create_directories(dir_ / "blobs/sha256");
  std::ofstream(dir_ / "oci-layout") << R"({"imageLayoutVersion":"1.0.0"})";
}

std::string OciLayoutBuilder::writeBlob(const std::string& data) {
  std::string digest = sha256Digest(data);
  std::ofstream(dir_ / "blobs/sha256" / digest.substr(7), std::ios::binary) << data;
  return digest;
}

std::string OciLayoutBuilder::addManifest(const std::vector<std::vector<TarEntry>>& layers,
                                          const std::string& compression, const std::string& os,
                                          const std::string& arch) {
  json config = {{"os", os}, {"architecture", arch}, {"rootfs", {{"type", "layers"}}}};
  json manifest = {{"schemaVersion", 2},
                   {"mediaType", "application/vnd.oci.image.manifest.v1+json"},
                   {"layers", json::array()}};
  std::string mediaType = "application/vnd.oci.image.layer.v1.tar";
  if (compression != "none") mediaType += "+" + compression;
  for (const auto& entries : layers) {
    std::string plain = makeTar(entries, "none");
    std::string blob = compression == "none" ? plain : makeTar(entries, compression);
    config["rootfs"]["diff_ids"].push_back(sha256Digest(plain));
    manifest["layers"].push_back(
        {{"mediaType", mediaType}, {"digest", writeBlob(blob)}, {"size", blob.size()}});
  }
  std::string configText = config.dump();
  manifest["config"] = {{"mediaType", "application/vnd.oci.image.config.v1+json"},
                        {"digest", writeBlob(configText)},
                        {"size", configText.size()}};
  std::string manifestText = manifest.dump();
  json descriptor = {{"mediaType", "application/vnd.oci.image.manifest.v1+json"},
                     {"digest", writeBlob(manifestText)},
                     {"size", manifestText.size()},
                     {"platform", {{"os", os}, {"architecture", arch}}}};
  return descriptor.dump();
}

std::string OciLayoutBuilder::addImageIndex(const std::vector<std::string>& descriptors) {
  json index = {{"schemaVersion", 2},
                {"mediaType", "application/vnd.oci.image.index.v1+json"},
                {"manifests", json::array()}};
  for (const auto& d : descriptors)
    index["manifests"].push_back(json::parse(d));
  std::string text = index.dump();
  json descriptor = {{"mediaType", "application/vnd.oci.image.index.v1+json"},
                     {"digest", writeBlob(text)},
                     {"size", text.size()}};
  return descriptor.dump();
}

void OciLayoutBuilder::writeIndex(const std::vector<std::string>& descriptors,
                                  const std::string& tag) {
  json index = {{"schemaVersion", 2}, {"manifests", json::array()}};
  for (const auto& d : descriptors)
    index["manifests"].push_back(json::parse(d));
  if (!tag.empty() && !index["manifests"].empty())
    index["manifests"][0]["annotations"] = {{"org.opencontainers.image.ref.name", tag}};
  std::ofstream(dir_ / "index.json") << index.dump();
}

}  // namespace bulwark::test
