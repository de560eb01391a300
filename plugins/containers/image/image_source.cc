#include "image/image_source.h"

#include "image/image_error.h"

namespace bulwark::image {

ImageReference parseImageReference(const std::string& text) {
  ImageReference ref;
  ref.text = text;
  size_t colon = text.find(':');
  if (colon == std::string::npos)
    throw ImageError("image reference '" + text +
                     "': expected docker-archive:PATH, oci:PATH[:TAG] or rootfs:PATH");
  ref.transport = text.substr(0, colon);
  ref.path = text.substr(colon + 1);
  if (ref.transport == "oci") {
    // A tag follows the last colon unless that colon belongs to the path.
    size_t tagColon = ref.path.rfind(':');
    if (tagColon != std::string::npos && ref.path.find('/', tagColon) == std::string::npos) {
      ref.tag = ref.path.substr(tagColon + 1);
      ref.path = ref.path.substr(0, tagColon);
    }
  } else if (ref.transport != "docker-archive" && ref.transport != "rootfs") {
    throw ImageError("image reference '" + text + "': unknown transport '" + ref.transport +
                     "' (docker-archive, oci, rootfs)");
  }
  if (ref.path.empty()) throw ImageError("image reference '" + text + "': no path");
  return ref;
}

Platform parsePlatform(const std::string& text) {
  Platform p;
  p.given = true;
  size_t first = text.find('/');
  if (first == std::string::npos || first == 0 || first + 1 == text.size())
    throw ImageError("platform '" + text + "': expected os/arch[/variant]");
  p.os = text.substr(0, first);
  std::string rest = text.substr(first + 1);
  size_t second = rest.find('/');
  p.architecture = rest.substr(0, second);
  if (second != std::string::npos) p.variant = rest.substr(second + 1);
  if (p.architecture.empty()) throw ImageError("platform '" + text + "': no architecture");
  return p;
}

ImageContent readImage(const ImageReference& ref, const Platform& platform,
                       const AnalyserList& analysers, const ImageLimits& limits,
                       const OnResolved& onResolved) {
  if (ref.transport == "oci") return readOciLayout(ref, platform, analysers, limits, onResolved);
  if (ref.transport == "docker-archive")
    return readDockerArchive(ref, analysers, limits, onResolved);
  return readRootfs(ref, analysers, limits, onResolved);
}

void verifyLayer(const std::string& image, const LayerDescriptor& layer, const LayerResult& result,
                 bool checkBlobDigest) {
  if (checkBlobDigest && result.blobDigest != layer.digest)
    throw ImageError(image + ": layer " + layer.digest + ": digest mismatch, read " +
                     result.blobDigest + " (corrupt or tampered blob)");
  if (checkBlobDigest && layer.size >= 0 && result.compressedBytes != layer.size)
    throw ImageError(image + ": layer " + layer.digest + ": size " +
                     std::to_string(result.compressedBytes) + " differs from the manifest's " +
                     std::to_string(layer.size));
  if (!layer.diffId.empty() && result.diffId != layer.diffId)
    throw ImageError(image + ": layer " + layer.digest + ": diff id mismatch, read " +
                     result.diffId + ", config says " + layer.diffId);
}

}  // namespace bulwark::image
