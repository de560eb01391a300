// Builds layer tarballs and OCI image layouts in the tests, hostile ones included, with
// libarchive's writer (so the tests need no Docker engine and no files from elsewhere).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace bulwark::test {

struct TarEntry {
  enum Type { File, Dir, Symlink, Hardlink } type = File;
  std::string path;
  std::string content;  // File: data; Symlink/Hardlink: target
  int mode = 0644;
};

TarEntry file(std::string path, std::string content, int mode = 0644);
TarEntry symlinkTo(std::string path, std::string target);
TarEntry hardlinkTo(std::string path, std::string target);

// "none", "gzip" or "zstd".
std::string makeTar(const std::vector<TarEntry>& entries, const std::string& compression = "none");

std::string sha256Digest(const std::string& data);

// An OCI layout in `dir` holding one image per call to addImage; layers are compressed with
// `compression`. Returns the manifest digest.
class OciLayoutBuilder {
 public:
  explicit OciLayoutBuilder(std::filesystem::path dir);
  std::string writeBlob(const std::string& data);  // returns the digest
  // A manifest with a config naming the layers' diff ids; returns its descriptor JSON text.
  std::string addManifest(const std::vector<std::vector<TarEntry>>& layers,
                          const std::string& compression, const std::string& os = "linux",
                          const std::string& arch = "amd64");
  // index.json listing `descriptors` (JSON texts), the first tagged `tag` when given.
  void writeIndex(const std::vector<std::string>& descriptors, const std::string& tag = "");
  // An image index blob over `descriptors`; returns its descriptor JSON text.
  std::string addImageIndex(const std::vector<std::string>& descriptors);
  const std::filesystem::path& dir() const { return dir_; }

 private:
  std::filesystem::path dir_;
};

}  // namespace bulwark::test
