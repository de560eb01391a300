// The merged view of an image's layers, as a container would see its root filesystem, reduced
// to what the analysers found: layers apply bottom first, each layer's opaque folders and
// whiteouts hide what the lower layers put there, then its files replace the lower ones.
#pragma once

#include <optional>
#include <vector>

#include "image/layer_walker.h"
#include "image/package.h"

namespace bulwark::image {

struct MergedImage {
  std::vector<Package> packages;  // sorted by kind, name, version, path
  std::optional<OsInfo> os;
  std::vector<ScanProblem> problems;
};

// A package keeps the layer that first introduced it: when an upper layer rewrites a database
// file (dpkg status) and a package of the same name, version and arch is still listed, its
// layer stays the lower one.
MergedImage mergeLayers(const std::vector<LayerResult>& layers);

}  // namespace bulwark::image
