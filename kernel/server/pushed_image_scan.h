// What the server does with one pushed image: pull repository@digest from its registry into a
// private OCI layout under `workDir`, scan it with the image scanner (packages, and findings
// when a vulnerability database is given), record the result in the store's image scan status,
// and remove the layout again. Failures (registry, digests, hostile or corrupt layers) throw
// with the reason; the caller records Scan error.
#pragma once

#include <filesystem>
#include <string>

#include "registry/registry_client.h"
#include "server/registry_events.h"
#include "vuln/service/vulndb_service.h"

namespace bulwark::image {
class ScanStatusStore;
}

namespace bulwark::server {

struct PushedImageScanSettings {
  registry::RegistryOptions registry;
  registry::RegistryCredentials credentials;
  std::filesystem::path workDir;
  const vuln::VulnDbService* vulndb = nullptr;  // optional
  image::ScanStatusStore* statuses = nullptr;   // optional: where Completed results go
};

// The reference an image is stored under: registry/repository@digest.
std::string pushedImageReference(const ManifestPush& push);

std::string scanPushedImage(const ManifestPush& push, const PushedImageScanSettings& settings);

}  // namespace bulwark::server
