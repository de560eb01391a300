// Caps that stop hostile or runaway images. Checked while streaming, before memory is spent.
#pragma once

#include <cstdint>

namespace bulwark::image {

struct ImageLimits {
  int64_t maxLayerBytes = 16LL << 30;  // decompressed size of one layer
  // Decompressed / compressed ratio that marks a bomb, checked once a layer has grown past
  // ratioFloorBytes (small, very compressible layers are normal).
  int64_t maxRatio = 200;
  int64_t ratioFloorBytes = 64LL << 20;
  int64_t maxFileBytes = 256LL << 20;    // one file an analyser reads into memory
  int64_t maxEntries = 2'000'000;        // entries in one layer
  int64_t maxMetadataBytes = 4LL << 20;  // manifests, indexes, configs
  int maxNestedArchiveDepth = 3;         // jars inside jars
};

}  // namespace bulwark::image
