// `docker save` and skopeo docker-archive tarballs: manifest.json names the config and the
// layer files; the config's rootfs.diff_ids verify each layer's decompressed content.
#include <map>

#include "image/image_error.h"
#include "image/image_source.h"
#include "image/json_text.h"
#include "image/outer_tar.h"
#include "image/sha256.h"

namespace bulwark::image {
namespace {

using nlohmann::json;

bool endsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Newer `docker save` writes layers as blobs/sha256/<hex>: that name is the blob digest.
std::string digestFromName(const std::string& name) {
  const std::string prefix = "blobs/sha256/";
  if (name.rfind(prefix, 0) != 0) return {};
  std::string digest = "sha256:" + name.substr(prefix.size());
  return isSha256Digest(digest) ? digest : std::string();
}

}  // namespace

ImageContent readDockerArchive(const ImageReference& ref, const AnalyserList& analysers,
                               const ImageLimits& limits, const OnResolved& onResolved) {
  TarIndex index = indexTar(
      ref.path,
      [](const std::string& name) {
        return name == "manifest.json" || endsWith(name, ".json") || name.rfind("blobs/", 0) == 0;
      },
      limits);
  auto manifestIt = index.small.find("manifest.json");
  if (manifestIt == index.small.end())
    throw ImageError(ref.path + ": no manifest.json (not a docker-archive)");
  json manifest = parseJsonText(manifestIt->second, ref.path + ": manifest.json");
  if (!manifest.is_array() || manifest.empty())
    throw ImageError(ref.path + ": manifest.json lists no images");
  if (manifest.size() > 1)
    throw ImageError(ref.path + ": manifest.json lists " + std::to_string(manifest.size()) +
                     " images; only single-image archives are read");
  const json& entry = manifest[0];
  std::string configName = resolveTarLink(index, jsonString(entry, "Config"));
  auto configIt = index.small.find(configName);
  if (configIt == index.small.end())
    throw ImageError(ref.path + ": config '" + configName + "' is missing");
  json config = parseJsonText(configIt->second, ref.path + ": " + configName);

  ImageContent image;
  image.reference = ref.text;
  image.digest = Sha256::of(configIt->second);  // the image id
  image.os = jsonString(config, "os");
  image.architecture = jsonString(config, "architecture");
  if (entry.contains("RepoTags") && entry["RepoTags"].is_array())
    for (const auto& t : entry["RepoTags"])
      if (t.is_string()) image.tags.push_back(t.get<std::string>());
  json diffIds =
      config.contains("rootfs") ? config["rootfs"].value("diff_ids", json::array()) : json::array();
  if (!entry.contains("Layers") || !entry["Layers"].is_array())
    throw ImageError(ref.path + ": manifest.json has no Layers list");
  if (diffIds.size() != entry["Layers"].size())
    throw ImageError(ref.path + ": manifest.json lists " + std::to_string(entry["Layers"].size()) +
                     " layers, the config " + std::to_string(diffIds.size()) + " diff ids");
  std::set<std::string> wanted;
  for (size_t i = 0; i < diffIds.size(); ++i) {
    LayerDescriptor layer;
    layer.diffId = diffIds[i].is_string() ? diffIds[i].get<std::string>() : "";
    if (!isSha256Digest(layer.diffId))
      throw ImageError(ref.path + ": config diff id " + std::to_string(i) + " is not sha256");
    layer.digest = layer.diffId;
    layer.location =
        resolveTarLink(index, entry["Layers"][i].is_string() ? entry["Layers"][i].get<std::string>()
                                                             : std::string());
    wanted.insert(layer.location);
    image.layers.push_back(layer);
  }
  if (onResolved) onResolved(image.digest);
  std::map<std::string, LayerResult> byLocation;
  streamTarEntries(ref.path, wanted, [&](const std::string& name, ByteReader& reader) {
    if (byLocation.count(name)) return;
    const LayerDescriptor* layer = nullptr;
    for (const auto& l : image.layers)
      if (l.location == name) layer = &l;
    LayerResult result = walkLayer(reader, layer->digest, analysers, limits);
    LayerDescriptor check = *layer;
    check.digest = digestFromName(name);
    verifyLayer(ref.path, check, result, !check.digest.empty());
    byLocation[name] = std::move(result);
  });
  for (const auto& layer : image.layers) {
    auto it = byLocation.find(layer.location);
    if (it == byLocation.end())
      throw ImageError(ref.path + ": layer file '" + layer.location + "' is missing");
    image.results.push_back(it->second);
    image.results.back().digest = layer.digest;
  }
  return image;
}

}  // namespace bulwark::image
