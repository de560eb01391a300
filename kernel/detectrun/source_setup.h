// The event sources of one detect run, by --source: the kernel's readers first, then the
// event sources of the enabled plugins and, for a type neither reads, the first plugin in the
// plugin folders whose manifest lists it and that the configuration does not name (a disabled
// plugin stays off; loader/plugin_providers.h). Such a plugin joins with empty settings, for its
// event sources and activity declarations only: its rule sets and native detectors stay off,
// as it is not enabled.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "detect/sources/source_registry.h"
#include "detectrun/detect_settings.h"
#include "loader/plugin_loader.h"
#include "plugin_detect/plugin_detection.h"

namespace bulwark::detectrun {

struct ResolvedSource {
  const detect::SourceType* source;  // an entry of the registry
  std::string name;                  // the type or alias as given
  std::string path;
};

struct RunSources {
  std::vector<ResolvedSource> sources;                    // in --source order
  std::vector<std::shared_ptr<LoadedPlugin>> discovered;  // plugins brought in for a type
};

// Resolves every source of `settings` in `registry` (which holds the kernel's and the enabled
// plugins' sources), bringing in plugins from settings.pluginDirs for the types it lacks.
// Throws std::invalid_argument, naming every type the kernel and the plugins read, for a type
// none reads.
RunSources resolveSources(const DetectSettings& settings, detect::SourceRegistry& registry,
                          plugindetect::PluginDetection& detection);

}  // namespace bulwark::detectrun
