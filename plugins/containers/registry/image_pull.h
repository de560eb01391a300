// Pulls one image from a registry into an OCI image layout folder (oci-layout, index.json,
// blobs/sha256/...), choosing the platform from a manifest list or OCI index. Blobs are
// written through a temporary name and renamed only after their digest verified, so a failed
// pull never leaves a blob that looks complete. The layout is what the image scanner reads.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "registry/image_reference.h"
#include "registry/registry_client.h"

namespace bulwark::registry {

struct Descriptor {
  std::string mediaType;
  std::string digest;
  int64_t size = 0;
};

struct PulledImage {
  std::string manifestDigest;  // the platform's image manifest
  std::string indexDigest;     // the manifest list / index it came from; empty when none
  std::string mediaType;       // of the image manifest
  std::string platform;        // os/arch[/variant] when chosen from a list
  Descriptor config;
  std::vector<Descriptor> layers;
  uint64_t bytes = 0;  // config + layers downloaded
};

// Throws RegistryError (registry answers, digests, limits) or std::runtime_error (files).
// `layoutDir` is created; it must not already hold an index.json.
PulledImage pullImage(const ImageReference& reference, const RegistryOptions& options,
                      const RegistryCredentials& credentials,
                      const std::filesystem::path& layoutDir);

// The descriptors of an image manifest's config and layers; throws RegistryError when the
// manifest is malformed (named by `where`).
PulledImage parseImageManifest(const std::string& body, const std::string& where);

// The digest of the entry of a manifest list / OCI index matching `platform` (os/arch[/variant]);
// throws RegistryError listing the platforms on offer when none matches.
std::string choosePlatform(const std::string& indexBody, const std::string& platform,
                           const std::string& where);

}  // namespace bulwark::registry
