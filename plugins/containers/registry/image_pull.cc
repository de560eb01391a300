#include "registry/image_pull.h"

#include <fstream>
#include <nlohmann/json.hpp>

namespace bulwark::registry {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

Descriptor readDescriptor(const json& node, const std::string& where, const std::string& what) {
  if (!node.is_object()) throw RegistryError(where + ": " + what + " is not an object");
  Descriptor d;
  d.mediaType = node.value("mediaType", "");
  if (node.contains("digest") && node["digest"].is_string()) d.digest = node["digest"];
  if (!isSha256Digest(d.digest))
    throw RegistryError(where + ": " + what + " has no valid sha256 digest");
  if (!node.contains("size") || !node["size"].is_number_integer() ||
      node["size"].get<int64_t>() < 0)
    throw RegistryError(where + ": " + what + " has no valid size");
  d.size = node["size"].get<int64_t>();
  return d;
}

fs::path blobPath(const fs::path& layoutDir, const std::string& digest) {
  return layoutDir / "blobs" / "sha256" / digest.substr(7);
}

void writeWhole(const fs::path& path, const std::string& text) {
  fs::path partial = path;
  partial += ".partial";
  {
    std::ofstream out(partial, std::ios::binary | std::ios::trunc);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    if (!out) throw std::runtime_error("cannot write " + partial.string());
  }
  fs::rename(partial, path);
}

void fetchBlobTo(RegistryClient& client, const Descriptor& blob, const fs::path& layoutDir) {
  fs::path target = blobPath(layoutDir, blob.digest);
  if (fs::exists(target)) return;  // shared by another manifest of the same pull
  fs::path partial = target;
  partial += ".partial";
  {
    std::ofstream out(partial, std::ios::binary | std::ios::trunc);
    if (!out) throw std::runtime_error("cannot write " + partial.string());
    try {
      client.fetchBlob(blob.digest, blob.size, [&](const char* data, size_t size) {
        out.write(data, static_cast<std::streamsize>(size));
        if (!out) throw std::runtime_error("cannot write " + partial.string());
      });
    } catch (...) {
      out.close();
      fs::remove(partial);
      throw;
    }
  }
  fs::rename(partial, target);
}

}  // namespace

PulledImage parseImageManifest(const std::string& body, const std::string& where) {
  json doc = json::parse(body, nullptr, false);
  if (!doc.is_object()) throw RegistryError(where + ": the manifest is not a JSON object");
  PulledImage image;
  if (!doc.contains("config")) throw RegistryError(where + ": the manifest has no config");
  image.config = readDescriptor(doc["config"], where, "the config descriptor");
  if (!doc.contains("layers") || !doc["layers"].is_array())
    throw RegistryError(where + ": the manifest has no layers array");
  size_t index = 0;
  for (const auto& layer : doc["layers"])
    image.layers.push_back(
        readDescriptor(layer, where, "layer " + std::to_string(index++) + " descriptor"));
  return image;
}

std::string choosePlatform(const std::string& indexBody, const std::string& platform,
                           const std::string& where) {
  json doc = json::parse(indexBody, nullptr, false);
  if (!doc.is_object() || !doc.contains("manifests") || !doc["manifests"].is_array())
    throw RegistryError(where + ": the manifest list has no manifests array");
  std::string wantOs = platform.substr(0, platform.find('/'));
  std::string rest = platform.find('/') == std::string::npos
                         ? std::string()
                         : platform.substr(platform.find('/') + 1);
  std::string wantArch = rest.substr(0, rest.find('/'));
  std::string wantVariant =
      rest.find('/') == std::string::npos ? std::string() : rest.substr(rest.find('/') + 1);
  std::string offered;
  for (const auto& entry : doc["manifests"]) {
    if (!entry.is_object() || !entry.contains("platform") || !entry["platform"].is_object())
      continue;
    const json& p = entry["platform"];
    std::string os = p.value("os", "");
    std::string arch = p.value("architecture", "");
    std::string variant = p.value("variant", "");
    if (os == "unknown") continue;  // attestation manifests
    std::string name = os + "/" + arch + (variant.empty() ? "" : "/" + variant);
    offered += (offered.empty() ? "" : ", ") + name;
    if (os == wantOs && arch == wantArch && (wantVariant.empty() || variant == wantVariant))
      return readDescriptor(entry, where, "the " + name + " entry").digest;
  }
  throw RegistryError(where + ": no manifest for platform " + platform +
                      (offered.empty() ? std::string(" (the list names no platforms)")
                                       : " (offered: " + offered + ")"));
}

PulledImage pullImage(const ImageReference& reference, const RegistryOptions& options,
                      const RegistryCredentials& credentials, const fs::path& layoutDir) {
  if (fs::exists(layoutDir / "index.json"))
    throw std::runtime_error(layoutDir.string() + " already holds an image layout");
  fs::create_directories(layoutDir / "blobs" / "sha256");
  RegistryClient client(reference.registry, reference.repository, options, credentials);
  const std::string where = reference.text();

  FetchedManifest top = client.fetchManifest(reference.manifestReference());
  FetchedManifest manifest = top;
  PulledImage image;
  if (isManifestList(top.mediaType)) {
    std::string digest = choosePlatform(top.body, options.platform, where);
    manifest = client.fetchManifest(digest);
    if (!isImageManifest(manifest.mediaType))
      throw RegistryError(where + ": the " + options.platform + " entry is not an image manifest");
    writeWhole(blobPath(layoutDir, top.digest), top.body);
  }
  PulledImage parsed = parseImageManifest(manifest.body, where);
  image.config = parsed.config;
  image.layers = parsed.layers;
  image.manifestDigest = manifest.digest;
  image.mediaType = manifest.mediaType;
  if (isManifestList(top.mediaType)) {
    image.indexDigest = top.digest;
    image.platform = options.platform;
  }
  writeWhole(blobPath(layoutDir, manifest.digest), manifest.body);
  fetchBlobTo(client, image.config, layoutDir);
  image.bytes += static_cast<uint64_t>(image.config.size);
  for (const auto& layer : image.layers) {
    fetchBlobTo(client, layer, layoutDir);
    image.bytes += static_cast<uint64_t>(layer.size);
  }

  json entry = {{"mediaType", manifest.mediaType},
                {"digest", manifest.digest},
                {"size", manifest.body.size()},
                {"annotations",
                 {{"org.opencontainers.image.ref.name",
                   reference.tag.empty() ? reference.digest : reference.tag}}}};
  json index = {{"schemaVersion", 2},
                {"mediaType", media_type::kOciIndex},
                {"manifests", json::array({entry})}};
  writeWhole(layoutDir / "oci-layout", R"({"imageLayoutVersion":"1.0.0"})");
  writeWhole(layoutDir / "index.json", index.dump());
  return image;
}

}  // namespace bulwark::registry
