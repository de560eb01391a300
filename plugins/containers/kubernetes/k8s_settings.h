// The `kubernetes` plugin setting: the clusters whose manifests are assessed, and the
// registries their images may come from.
#pragma once

#include <bulwark/plugin.hpp>

#include <optional>
#include <string>
#include <vector>

namespace bulwark::containers::k8s {

struct ClusterSetting {
  std::string id;                      // ARM-style id the cluster's objects are placed under
  std::vector<std::string> manifests;  // files or folders (relative: to the working directory)
};

// The clusters of `settings.kubernetes.clusters` (none when absent). Throws with the entry's
// position on a malformed entry.
std::vector<ClusterSetting> clusterSettings(const sdk::Json& settings);

// `settings.kubernetes.allowed_registries` (host[:port] or host[:port]/path prefixes), or
// nullopt when the setting is absent: then the registry check is NotApplicable.
std::optional<std::vector<std::string>> allowedRegistries(const sdk::Json& settings);

// The JSON schema of the `kubernetes` setting, for the plugin's settingsSchema.
sdk::Json kubernetesSettingsSchema();

}  // namespace bulwark::containers::k8s
