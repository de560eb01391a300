// Where an image comes from and what reading it yields. References:
//   docker-archive:PATH     a `docker save` / skopeo docker-archive tarball (one image)
//   oci:PATH[:TAG]          an OCI image layout, a folder or a tar of one; TAG selects by
//                           org.opencontainers.image.ref.name when the index holds several
//   rootfs:PATH             an unpacked root filesystem folder
// Manifest lists and OCI indexes are resolved to the platform asked for (default linux/amd64).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "image/analyser.h"
#include "image/layer_walker.h"
#include "image/limits.h"

namespace bulwark::image {

struct ImageReference {
  std::string transport;  // docker-archive, oci, rootfs
  std::string path;
  std::string tag;   // oci only
  std::string text;  // as given
};

// Throws ImageError for an unknown transport or an empty path.
ImageReference parseImageReference(const std::string& text);

struct Platform {
  std::string os = "linux";
  std::string architecture = "amd64";
  std::string variant;
  bool given = false;  // asked for: a single-platform image must then match it
};
// "linux/arm64/v8" -> {linux, arm64, v8}; throws ImageError when malformed.
Platform parsePlatform(const std::string& text);

struct LayerDescriptor {
  std::string digest;     // how results name the layer
  std::string mediaType;  // empty for docker-archive
  int64_t size = -1;
  std::string diffId;    // from the image config, when it lists one
  std::string location;  // the file (folder layouts) or tar entry name
};

struct ImageContent {
  std::string reference;
  std::string digest;  // manifest digest (OCI), image id (docker-archive), "rootfs:<path>"
  std::string os;
  std::string architecture;
  std::vector<std::string> tags;
  std::vector<LayerDescriptor> layers;  // bottom first
  std::vector<LayerResult> results;     // the same order
};

// Called with the image digest once the manifest is resolved, before any layer is read.
using OnResolved = std::function<void(const std::string& digest)>;

// Resolves and reads the whole image through the analysers. Throws ImageError naming the
// image and, where it applies, the layer and entry. Every layer's blob digest and diff id are
// verified against the manifest and config.
ImageContent readImage(const ImageReference& ref, const Platform& platform,
                       const AnalyserList& analysers, const ImageLimits& limits,
                       const OnResolved& onResolved = {});

// The per-transport readers readImage dispatches to.
ImageContent readOciLayout(const ImageReference& ref, const Platform& platform,
                           const AnalyserList& analysers, const ImageLimits& limits,
                           const OnResolved& onResolved);
ImageContent readDockerArchive(const ImageReference& ref, const AnalyserList& analysers,
                               const ImageLimits& limits, const OnResolved& onResolved);
ImageContent readRootfs(const ImageReference& ref, const AnalyserList& analysers,
                        const ImageLimits& limits, const OnResolved& onResolved);

// Compares a layer's computed digests with the descriptor; throws ImageError on a mismatch.
void verifyLayer(const std::string& image, const LayerDescriptor& layer, const LayerResult& result,
                 bool checkBlobDigest);

}  // namespace bulwark::image
