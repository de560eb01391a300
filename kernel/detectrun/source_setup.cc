#include "detectrun/source_setup.h"

#include <set>
#include <stdexcept>

#include "loader/plugin_providers.h"

namespace bulwark::detectrun {
namespace {

bool listsSource(const PluginManifest& m, const std::string& type) {
  for (const auto& s : m.eventSources) {
    if (s.type == type) return true;
  }
  return false;
}

// The plugins of the folders the configuration does not name (enabled ones were asked
// already, disabled ones the operator turned off).
ProviderQuery unnamedPlugins(const DetectSettings& settings) {
  ProviderQuery query;
  query.dirs = settings.pluginDirs;
  if (settings.config) {
    for (const auto& p : settings.config->plugins)
      query.disabledIds.push_back(p.id);
  }
  return query;
}

// "; enabled plugins read: T (plugin P), ...; plugins in the plugin folders read: ...", for the
// message naming what can be read.
std::string pluginTypes(const DetectSettings& settings, const detect::SourceRegistry& registry,
                        const ProviderQuery& unnamed) {
  std::set<std::string> enabled;
  if (settings.config) {
    for (const auto& p : settings.config->plugins) {
      if (p.enabled) enabled.insert(p.id);
    }
  }
  std::string ofEnabled, ofOthers;
  std::set<std::string> listed;
  auto add = [&](const std::string& type, const std::string& plugin) {
    if (!listed.insert(type).second) return;
    std::string& list = enabled.count(plugin) ? ofEnabled : ofOthers;
    list += (list.empty() ? "" : ", ") + type + " (plugin " + plugin + ")";
  };
  for (const detect::SourceType& s : registry.types()) {
    if (!s.pluginId.empty()) add(s.type, s.pluginId);
  }
  ProviderResult others =
      findProviders(unnamed, [](const PluginManifest& m) { return !m.eventSources.empty(); });
  for (const auto& plugin : others.plugins) {
    for (const auto& s : plugin->manifest().eventSources)
      add(s.type, plugin->manifest().id);
  }
  return (ofEnabled.empty() ? "" : "; enabled plugins read: " + ofEnabled) +
         (ofOthers.empty() ? "" : "; plugins in the plugin folders read: " + ofOthers);
}

}  // namespace

RunSources resolveSources(const DetectSettings& settings, detect::SourceRegistry& registry,
                          plugindetect::PluginDetection& detection) {
  RunSources run;
  const ProviderQuery query = unnamedPlugins(settings);
  for (const SourceSpec& spec : settings.sources) {
    const detect::SourceType* source = registry.find(spec.type);
    if (source == nullptr) {
      ProviderResult found =
          findProviders(query, [&](const PluginManifest& m) { return listsSource(m, spec.type); });
      if (!found.plugins.empty()) {
        detection.add(found.plugins.front(), nlohmann::json::object(), /*runDetectors=*/false);
        detection.registerSources(registry);
        run.discovered.push_back(found.plugins.front());
        source = registry.find(spec.type);
      }
    }
    if (source == nullptr)
      throw std::invalid_argument(registry.unknownTypeMessage(spec.type) +
                                  pluginTypes(settings, registry, query));
    run.sources.push_back(ResolvedSource{source, spec.type, spec.path});
  }
  return run;
}

}  // namespace bulwark::detectrun
