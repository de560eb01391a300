// What the server does with one pushed image: pull repository@digest from its registry into a
// private OCI layout under `workDir`, check it, and remove the layout again. The summary names
// what was read; any failure (registry, digest, unreadable layer) throws with the reason.
#pragma once

#include <filesystem>
#include <string>

#include "registry/registry_client.h"
#include "server/registry_events.h"

namespace bulwark::server {

struct PushedImageScanSettings {
  registry::RegistryOptions registry;
  registry::RegistryCredentials credentials;
  std::filesystem::path workDir;
};

std::string scanPushedImage(const ManifestPush& push, const PushedImageScanSettings& settings);

// Reads every entry of a (possibly compressed) layer tarball without extracting it; throws
// naming the layer when it is not a readable archive. Returns the number of entries.
size_t countLayerEntries(const std::filesystem::path& blob, const std::string& digest);

}  // namespace bulwark::server
