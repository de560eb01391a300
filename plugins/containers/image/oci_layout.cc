// OCI image layouts, as a folder or as a tar of one: oci-layout, index.json, blobs/sha256/.
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "image/image_error.h"
#include "image/image_source.h"
#include "image/json_text.h"
#include "image/outer_tar.h"
#include "image/sha256.h"

namespace bulwark::image {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

constexpr const char* kRefName = "org.opencontainers.image.ref.name";
constexpr int kMaxIndexDepth = 4;

bool isIndexType(const std::string& mediaType) {
  return mediaType == "application/vnd.oci.image.index.v1+json" ||
         mediaType == "application/vnd.docker.distribution.manifest.list.v2+json";
}

bool isLayerType(const std::string& mediaType) {
  return mediaType.find("tar") != std::string::npos;
}

// Reads small files of the layout, from the folder or the tar index.
class LayoutFiles {
 public:
  LayoutFiles(const std::string& path, const ImageLimits& limits) : path_(path), limits_(limits) {
    isDir_ = fs::is_directory(path);
    if (!isDir_) {
      if (!fs::exists(path)) throw ImageError(path + ": no such file or folder");
      index_ = indexTar(
          path,
          [](const std::string& name) {
            return name == "index.json" || name == "oci-layout" || name.rfind("blobs/", 0) == 0;
          },
          limits);
    }
  }

  bool isDir() const { return isDir_; }
  const TarIndex& tarIndex() const { return index_; }

  std::string read(const std::string& name) const {
    if (isDir_) {
      fs::path file = fs::path(path_) / name;
      std::error_code ec;
      auto size = fs::file_size(file, ec);
      if (ec) throw ImageError(path_ + ": " + name + " is missing");
      if (static_cast<int64_t>(size) > limits_.maxMetadataBytes)
        throw ImageError(path_ + ": " + name + " is too large for metadata");
      std::ifstream in(file, std::ios::binary);
      std::ostringstream text;
      text << in.rdbuf();
      return text.str();
    }
    auto it = index_.small.find(resolveTarLink(index_, name));
    if (it == index_.small.end()) throw ImageError(path_ + ": " + name + " is missing");
    return it->second;
  }

  // A blob named by its descriptor, verified against digest and size.
  std::string blob(const json& descriptor) const {
    std::string digest = jsonString(descriptor, "digest");
    if (!isSha256Digest(digest))
      throw ImageError(path_ + ": descriptor digest '" + digest + "' is not a sha256 digest");
    std::string content = read(blobPath(digest));
    if (Sha256::of(content) != digest)
      throw ImageError(path_ + ": blob " + digest + " does not match its digest");
    if (descriptor.contains("size") && descriptor["size"].is_number_integer() &&
        descriptor["size"].get<int64_t>() != static_cast<int64_t>(content.size()))
      throw ImageError(path_ + ": blob " + digest + " size differs from its descriptor");
    return content;
  }

  static std::string blobPath(const std::string& digest) {
    return "blobs/sha256/" + digest.substr(7);
  }

 private:
  std::string path_;
  ImageLimits limits_;
  bool isDir_ = false;
  TarIndex index_;
};

std::string platformText(const json& p) {
  std::string text = jsonString(p, "os") + "/" + jsonString(p, "architecture");
  if (!jsonString(p, "variant").empty()) text += "/" + jsonString(p, "variant");
  return text;
}

json selectFromIndex(const json& index, const std::string& where, const Platform& platform) {
  std::string seen;
  if (!index.contains("manifests") || !index["manifests"].is_array())
    throw ImageError(where + ": index without a manifests array");
  for (const auto& d : index["manifests"]) {
    const json p = d.value("platform", json::object());
    seen += (seen.empty() ? "" : ", ") + platformText(p);
    if (jsonString(p, "os") == platform.os &&
        jsonString(p, "architecture") == platform.architecture &&
        (platform.variant.empty() || jsonString(p, "variant") == platform.variant))
      return d;
  }
  std::string wanted = platform.os + "/" + platform.architecture +
                       (platform.variant.empty() ? "" : "/" + platform.variant);
  throw ImageError(where + ": no image for platform " + wanted + " (the index has: " + seen + ")");
}

json selectTop(const json& index, const std::string& path, const std::string& tag) {
  if (!index.contains("manifests") || !index["manifests"].is_array() || index["manifests"].empty())
    throw ImageError(path + ": index.json lists no images");
  std::string tags;
  std::vector<json> matches;
  for (const auto& d : index["manifests"]) {
    std::string name;
    if (d.contains("annotations")) name = jsonString(d["annotations"], kRefName);
    tags += (tags.empty() ? "" : ", ") + (name.empty() ? jsonString(d, "digest") : name);
    if (!tag.empty() && name == tag) matches.push_back(d);
  }
  if (tag.empty()) {
    if (index["manifests"].size() == 1) return index["manifests"][0];
    throw ImageError(path + ": the layout holds " + std::to_string(index["manifests"].size()) +
                     " images; name one as oci:" + path + ":TAG (tags: " + tags + ")");
  }
  if (matches.empty())
    throw ImageError(path + ": no image tagged '" + tag + "' (tags: " + tags + ")");
  return matches.front();
}

}  // namespace

ImageContent readOciLayout(const ImageReference& ref, const Platform& platform,
                           const AnalyserList& analysers, const ImageLimits& limits,
                           const OnResolved& onResolved) {
  LayoutFiles files(ref.path, limits);
  json layout = parseJsonText(files.read("oci-layout"), ref.path + ": oci-layout");
  if (jsonString(layout, "imageLayoutVersion").empty())
    throw ImageError(ref.path + ": oci-layout has no imageLayoutVersion");
  json descriptor = selectTop(parseJsonText(files.read("index.json"), ref.path + ": index.json"),
                              ref.path, ref.tag);
  ImageContent image;
  image.reference = ref.text;
  if (!ref.tag.empty()) image.tags.push_back(ref.tag);
  json manifest;
  for (int depth = 0;; ++depth) {
    if (depth > kMaxIndexDepth) throw ImageError(ref.path + ": indexes nested too deep");
    std::string digest = jsonString(descriptor, "digest");
    std::string where = ref.path + ": " + digest;
    json doc = parseJsonText(files.blob(descriptor), where);
    std::string mediaType = jsonString(doc, "mediaType");
    if (mediaType.empty()) mediaType = jsonString(descriptor, "mediaType");
    if (isIndexType(mediaType) || (mediaType.empty() && doc.contains("manifests"))) {
      descriptor = selectFromIndex(doc, where, platform);
      continue;
    }
    image.digest = digest;
    manifest = doc;
    break;
  }
  std::string where = ref.path + ": manifest " + image.digest;
  if (!manifest.contains("config") || !manifest.contains("layers") ||
      !manifest["layers"].is_array())
    throw ImageError(where + ": no config or layers");
  json config = parseJsonText(files.blob(manifest["config"]),
                              ref.path + ": config " + jsonString(manifest["config"], "digest"));
  image.os = jsonString(config, "os");
  image.architecture = jsonString(config, "architecture");
  if (platform.given && (image.os != platform.os || image.architecture != platform.architecture))
    throw ImageError(ref.path + ": the image is " + image.os + "/" + image.architecture +
                     ", not the platform asked for (" + platform.os + "/" + platform.architecture +
                     ")");
  json diffIds =
      config.contains("rootfs") ? config["rootfs"].value("diff_ids", json::array()) : json::array();
  size_t i = 0;
  for (const auto& l : manifest["layers"]) {
    LayerDescriptor layer;
    layer.digest = jsonString(l, "digest");
    layer.mediaType = jsonString(l, "mediaType");
    layer.size = l.value("size", int64_t{-1});
    if (!isSha256Digest(layer.digest))
      throw ImageError(where + ": layer digest '" + layer.digest + "' is not a sha256 digest");
    if (!isLayerType(layer.mediaType))
      throw ImageError(where + ": layer " + layer.digest + " has unsupported media type '" +
                       layer.mediaType + "'");
    if (i < diffIds.size() && diffIds[i].is_string()) layer.diffId = diffIds[i].get<std::string>();
    layer.location = LayoutFiles::blobPath(layer.digest);
    image.layers.push_back(layer);
    ++i;
  }
  if (onResolved) onResolved(image.digest);
  std::map<std::string, LayerResult> byDigest;
  auto walk = [&](const LayerDescriptor& layer, ByteReader& reader) {
    LayerResult result = walkLayer(reader, layer.digest, analysers, limits);
    verifyLayer(ref.path, layer, result, true);
    byDigest[layer.digest] = std::move(result);
  };
  if (files.isDir()) {
    for (const auto& layer : image.layers) {
      if (byDigest.count(layer.digest)) continue;
      FileByteReader reader((fs::path(ref.path) / layer.location).string());
      walk(layer, reader);
    }
  } else {
    std::map<std::string, const LayerDescriptor*> byName;
    std::set<std::string> wanted;
    for (const auto& layer : image.layers) {
      std::string name = resolveTarLink(files.tarIndex(), layer.location);
      byName[name] = &layer;
      wanted.insert(name);
    }
    streamTarEntries(ref.path, wanted, [&](const std::string& name, ByteReader& reader) {
      if (!byDigest.count(byName[name]->digest)) walk(*byName[name], reader);
    });
  }
  for (const auto& layer : image.layers) {
    auto it = byDigest.find(layer.digest);
    if (it == byDigest.end())
      throw ImageError(ref.path + ": layer " + layer.digest + " is missing");
    image.results.push_back(it->second);
  }
  return image;
}

}  // namespace bulwark::image
