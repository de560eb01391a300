// The analyser interface. Analysers never see the image: the layer walker offers them each
// file's path, size and mode, reads into memory only the files one of them wants (so memory
// stays flat in image size), and hands over the content. An analyser turns one file into
// packages, an OS description or problems; it never throws for bad content.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "image/limits.h"
#include "image/package.h"

namespace bulwark::image {

struct FileInfo {
  std::string path;  // clean, relative to the image root
  int64_t size = 0;
  bool executable = false;
};

// What one file yielded. Packages carry their path; the walker fills in the layer.
struct FileFindings {
  std::vector<Package> packages;
  std::vector<std::string> problems;
  std::optional<OsInfo> os;  // os-release and debian_version
  std::string osSource;      // which OS file: "os-release", "debian_version"
};

class Analyser {
 public:
  virtual ~Analyser() = default;
  virtual std::string_view name() const = 0;
  // Decided from the path (and size or mode) alone, before any content is read.
  virtual bool wants(const FileInfo& file) const = 0;
  virtual void analyse(const FileInfo& file, std::string_view content, FileFindings& out) const = 0;
};

using AnalyserList = std::vector<std::unique_ptr<Analyser>>;

// Every analyser, in a fixed order. `limits` bounds what the archive analysers open.
AnalyserList allAnalysers(const ImageLimits& limits);

}  // namespace bulwark::image
