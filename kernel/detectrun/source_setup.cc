#include "detectrun/source_setup.h"

#include <stdexcept>

namespace bulwark::detectrun {
namespace {

// Plugins of the folders that are not enabled, loaded one at a time for their manifests.
class PluginFolders {
 public:
  PluginFolders(const std::vector<std::string>& dirs, const std::set<std::string>& skip)
      : dirs_(dirs), skip_(skip) {}

  // The first plugin listing event source `type`, kept loaded; nullptr when none does.
  std::shared_ptr<LoadedPlugin> sourceOf(const std::string& type) {
    for (const PluginFile& f : findPluginFiles(dirs_)) {
      if (skip_.count(f.id)) continue;
      auto plugin = load(f);
      if (plugin == nullptr) continue;
      for (const auto& s : plugin->manifest().eventSources) {
        if (s.type == type) return plugin;
      }
    }
    return nullptr;
  }

  // "T (plugin P)" for every source type of the plugins not enabled, for error messages.
  std::vector<std::string> otherTypes() {
    std::vector<std::string> out;
    for (const PluginFile& f : findPluginFiles(dirs_)) {
      if (skip_.count(f.id)) continue;
      if (auto plugin = load(f)) {
        for (const auto& s : plugin->manifest().eventSources)
          out.push_back(s.type + " (plugin " + f.id + ")");
      }
    }
    return out;
  }

 private:
  // A plugin the loader refuses, or whose manifest names another id, is passed over here: it
  // is not enabled, and nothing asked for it by name.
  static std::shared_ptr<LoadedPlugin> load(const PluginFile& f) {
    try {
      auto plugin = loadPluginFile(f.path);
      return plugin->manifest().id == f.id ? plugin : nullptr;
    } catch (const std::exception&) {
      return nullptr;
    }
  }

  const std::vector<std::string>& dirs_;
  const std::set<std::string>& skip_;
};

}  // namespace

RunSources resolveSources(const DetectSettings& settings, detect::SourceRegistry& registry,
                          plugindetect::PluginDetection& detection,
                          const std::set<std::string>& enabledIds) {
  RunSources run;
  std::set<std::string> skip = enabledIds;
  PluginFolders folders(settings.pluginDirs, skip);
  for (const SourceSpec& spec : settings.sources) {
    const detect::SourceType* source = registry.find(spec.type);
    if (source == nullptr) {
      if (auto plugin = folders.sourceOf(spec.type)) {
        detection.add(plugin, nlohmann::json::object(), /*runDetectors=*/false);
        detection.registerSources(registry);
        skip.insert(plugin->manifest().id);
        run.discovered.push_back(plugin);
        source = registry.find(spec.type);
      }
    }
    if (source == nullptr) {
      std::string message = registry.unknownTypeMessage(spec.type);
      std::string others;
      for (const std::string& t : folders.otherTypes())
        others += (others.empty() ? "; plugins in the plugin folders read: " : ", ") + t;
      throw std::invalid_argument(message + others);
    }
    run.sources.push_back(ResolvedSource{source, spec.type, spec.path});
  }
  return run;
}

}  // namespace bulwark::detectrun
