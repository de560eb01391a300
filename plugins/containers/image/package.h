// What the analysers find in an image: packages (with the file and layer that declared them),
// the operating system, and problems that kept part of the image from being analysed.
#pragma once

#include <string>
#include <vector>

namespace bulwark::image {

// Package kinds, one per analyser. Distro kinds (dpkg, apk, rpm) get their ecosystem from the
// image's operating system once the whole image is read.
inline constexpr const char* kKindDpkg = "dpkg";
inline constexpr const char* kKindApk = "apk";
inline constexpr const char* kKindRpm = "rpm";

struct Package {
  std::string kind;       // dpkg, apk, rpm, python, npm, go, java, gem, cargo
  std::string ecosystem;  // OSV ecosystem: npm, PyPI, Go, Maven, RubyGems, crates.io, Debian...
  std::string name;
  std::string version;
  std::string arch;           // distro packages
  std::string sourceName;     // distro source package, when it differs or is known
  std::string sourceVersion;  // its version, when the status names one
  std::string path;           // the file that declared the package
  std::string layer;          // digest of the layer that introduced it

  bool isDistro() const { return kind == kKindDpkg || kind == kKindApk || kind == kKindRpm; }
  bool sameIdentity(const Package& other) const {
    return kind == other.kind && name == other.name && version == other.version &&
           arch == other.arch;
  }
};

struct OsInfo {
  std::string id;         // debian, ubuntu, alpine, rhel, ... (os-release ID)
  std::string versionId;  // 12, 3.18.4
  std::string codename;   // bookworm
  std::string prettyName;
};

struct ScanProblem {
  std::string layer;
  std::string path;
  std::string message;
  std::string str() const {
    return (layer.empty() ? "" : layer + ": ") + (path.empty() ? "" : path + ": ") + message;
  }
};

}  // namespace bulwark::image
