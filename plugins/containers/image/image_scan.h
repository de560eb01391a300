// One image scan: read the image through every analyser, merge the layers, and match each
// package against the vulnerability database (distro packages only against their own
// distro and release, by source package).
#pragma once

#include <bulwark/sdk/vulndb.hpp>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "image/image_source.h"
#include "image/package.h"

namespace bulwark::image {

struct Finding {
  Package package;
  sdk::VulnMatch vulnerability;
};

// Matches a batch of packages against the vulnerability database: every advisory of each
// package, ordered by package (VulnMatch::query, the index in the batch), then advisory id.
// The plugin serves it from the host's database (ABI 1.2 vuln_match). Throws on failure.
using PackageMatcher =
    std::function<std::vector<sdk::VulnMatch>(const std::vector<sdk::PackageQuery>&)>;

// Why a finding is set aside: an ignore-file entry or an OpenVEX statement. Suppressed findings
// are reported with this, but not counted.
struct Suppression {
  std::string kind;           // "ignored" or "vex"
  std::string reason;         // the ignore entry's reason, or the VEX impact statement
  std::string status;         // VEX status: not_affected or fixed
  std::string justification;  // VEX justification label
  std::string origin;         // FILE:LINE:COLUMN of the entry, or FILE#statements[N]
};

struct SuppressedFinding {
  Finding finding;
  Suppression suppression;
};

struct LayerSummary {
  std::string digest;
  int64_t compressedBytes = 0;
  int64_t uncompressedBytes = 0;
  int64_t entries = 0;
};

struct ImageScanResult {
  std::string reference;
  std::string digest;
  std::string os;  // "debian 12 (Debian GNU/Linux 12 (bookworm))" or "" when unknown
  std::optional<OsInfo> osInfo;
  std::string platform;  // "linux/amd64"
  std::vector<std::string> tags;
  std::vector<LayerSummary> layers;
  std::vector<Package> packages;
  std::vector<Finding> findings;
  std::vector<SuppressedFinding> suppressed;
  std::vector<std::string> triageNotes;  // e.g. expired ignore entries, which no longer apply
  std::vector<ScanProblem> problems;
  bool matched = false;  // false when no vulnerability database was given
  double seconds = 0;
};

struct ScanOptions {
  Platform platform;
  ImageLimits limits;
  OnResolved onResolved;  // optional: told the digest before the layers are read
};

// The OSV ecosystem and matcher query of a package in an image with OS `os`.
sdk::PackageQuery queryFor(const Package& p, const std::optional<OsInfo>& os);

// Throws ImageError when the image cannot be read; an empty `match` lists packages only.
ImageScanResult scanImage(const ImageReference& ref, const ScanOptions& options,
                          const PackageMatcher& match);

}  // namespace bulwark::image
