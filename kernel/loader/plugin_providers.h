// Finding the plugins that provide something a command needs (a CLI command, HTTP routes, an
// event source type): the enabled plugins that provide it, else, when none of them does, every
// plugin in the folders that provides it and is not disabled by the configuration. So
// `bulwark images ...` or `--source storage-blob-logs:...` work without a configuration
// file, and an operator who enabled a plugin gets the one they configured.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "loader/plugin_loader.h"

namespace bulwark {

struct ProviderQuery {
  std::vector<std::string> dirs;
  std::vector<std::string> enabledIds;   // from the configuration
  std::vector<std::string> disabledIds;  // named in the configuration with enabled: false
};

struct ProviderResult {
  std::vector<std::shared_ptr<LoadedPlugin>> plugins;  // those that provide it
  std::vector<PluginRefusal> refusals;                 // of the libraries looked at
  bool fromEnabled = false;                            // found among the enabled plugins
};

ProviderResult findProviders(const ProviderQuery& query,
                             const std::function<bool(const PluginManifest&)>& provides);

}  // namespace bulwark
