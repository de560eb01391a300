// What the server does with one pushed image: pull repository@digest from its registry into a
// private OCI layout under `workDir`, scan it with the image scanner (packages, and findings
// when a vulnerability database is available), record the result in the image scan status,
// and remove the layout again. Failures (registry, digests, hostile or corrupt layers) throw
// with the reason; the caller records Scan error.
#pragma once

#include <filesystem>
#include <functional>
#include <string>

#include "image/image_scan.h"
#include "push/registry_events.h"
#include "registry/registry_client.h"

namespace bulwark::image {
class ScanStatusStore;
}

namespace bulwark::containers {

// The vulnerability database as one scan sees it: how to match, and the import it matched.
struct VulnerabilitySnapshot {
  image::PackageMatcher match;  // empty: no database
  std::string importedAt;
};

struct PushedImageScanSettings {
  registry::RegistryOptions registry;
  registry::RegistryCredentials credentials;
  std::filesystem::path workDir;
  std::function<VulnerabilitySnapshot()> vulndb;  // optional
  image::ScanStatusStore* statuses = nullptr;     // optional: where Completed results go
};

// The reference an image is stored under: registry/repository@digest.
std::string pushedImageReference(const ManifestPush& push);

std::string scanPushedImage(const ManifestPush& push, const PushedImageScanSettings& settings);

}  // namespace bulwark::containers
