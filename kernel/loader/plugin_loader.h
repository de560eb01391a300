// Finds plugin libraries ("<id>.so") in the configured folders, loads the enabled ones with
// Boost.DLL and checks them: ABI version, entry symbol, manifest, unique plugin, assessment,
// native rule, event source and anomaly kind ids. A refused plugin gets one line naming the
// file, both versions and why.
#pragma once

#include <bulwark/plugin.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "loader/plugin_manifest.h"

namespace boost::dll {
class shared_library;
}

namespace bulwark {

// A plugin library kept loaded for as long as anything holds this object; every instance
// holds it, so code is never unloaded under a live instance.
class LoadedPlugin {
 public:
  LoadedPlugin(std::shared_ptr<boost::dll::shared_library> library, const bw_plugin_api* api,
               std::string file, PluginManifest manifest);
  ~LoadedPlugin();

  const bw_plugin_api& api() const { return *api_; }
  // read_events, or nullptr when the plugin's table (built against ABI 1.0) ends before it.
  using ReadEventsFn = bw_status (*)(bw_plugin*, bw_str, bw_str, bw_read_position*);
  ReadEventsFn readEvents() const;
  // The ABI 1.2 functions, or nullptr when the plugin's table ends before them.
  decltype(bw_plugin_api::run_command) runCommand() const;
  decltype(bw_plugin_api::handle_http) handleHttp() const;
  decltype(bw_plugin_api::start_service) startService() const;
  decltype(bw_plugin_api::stop_service) stopService() const;
  const std::string& file() const { return file_; }
  const PluginManifest& manifest() const { return manifest_; }
  std::string abiVersion() const;

 private:
  std::shared_ptr<boost::dll::shared_library> library_;
  const bw_plugin_api* api_;
  std::string file_;
  PluginManifest manifest_;
};

struct PluginRefusal {
  std::string file;
  std::string pluginId;
  std::string message;  // one line: "<file>: refused: <reason>"
};

struct LoadResult {
  std::vector<std::shared_ptr<LoadedPlugin>> plugins;
  std::vector<PluginRefusal> refusals;
  std::vector<std::string> notFound;  // enabled ids with no library in any folder
};

struct PluginFile {
  std::string id;
  std::string path;
};

// "<id>.so" files in `dirs`, in folder order then name order.
std::vector<PluginFile> findPluginFiles(const std::vector<std::string>& dirs);

// Loads the libraries of `enabledIds` found in `dirs`.
LoadResult loadPlugins(const std::vector<std::string>& dirs,
                       const std::vector<std::string>& enabledIds);

// Loads one library file and checks its ABI and manifest; throws std::runtime_error with
// the refusal line.
std::shared_ptr<LoadedPlugin> loadPluginFile(const std::string& path);

}  // namespace bulwark
