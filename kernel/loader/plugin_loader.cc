#include "loader/plugin_loader.h"

#include <algorithm>
#include <boost/dll/shared_library.hpp>
#include <cstddef>
#include <filesystem>
#include <map>
#include <stdexcept>

namespace bulwark {
namespace fs = std::filesystem;

namespace {

std::string version(uint32_t major, uint32_t minor) {
  return std::to_string(major) + "." + std::to_string(minor);
}

[[noreturn]] void refuse(const std::string& file, const std::string& reason) {
  throw std::runtime_error(file + ": refused: " + reason);
}

}  // namespace

LoadedPlugin::LoadedPlugin(std::shared_ptr<boost::dll::shared_library> library,
                           const bw_plugin_api* api, std::string file, PluginManifest manifest)
    : library_(std::move(library)),
      api_(api),
      file_(std::move(file)),
      manifest_(std::move(manifest)) {}

LoadedPlugin::~LoadedPlugin() = default;

std::string LoadedPlugin::abiVersion() const {
  return version(api_->abi_major, api_->abi_minor);
}

LoadedPlugin::ReadEventsFn LoadedPlugin::readEvents() const {
  if (api_->struct_size < offsetof(bw_plugin_api, read_events) + sizeof(api_->read_events))
    return nullptr;
  return api_->read_events;
}

// A member of the plugin's table, or nullptr when the table (built against an older minor)
// ends before it; nothing past struct_size is read.
#define BULWARK_API_MEMBER(api, name)                                                      \
  ((api)->struct_size >= offsetof(bw_plugin_api, name) + sizeof((api)->name) ? (api)->name \
                                                                             : nullptr)

decltype(bw_plugin_api::run_command) LoadedPlugin::runCommand() const {
  return BULWARK_API_MEMBER(api_, run_command);
}

decltype(bw_plugin_api::handle_http) LoadedPlugin::handleHttp() const {
  return BULWARK_API_MEMBER(api_, handle_http);
}

decltype(bw_plugin_api::start_service) LoadedPlugin::startService() const {
  return BULWARK_API_MEMBER(api_, start_service);
}

decltype(bw_plugin_api::stop_service) LoadedPlugin::stopService() const {
  return BULWARK_API_MEMBER(api_, stop_service);
}

std::vector<PluginFile> findPluginFiles(const std::vector<std::string>& dirs) {
  std::vector<PluginFile> out;
  for (const auto& dir : dirs) {
    std::error_code ec;
    std::vector<PluginFile> inDir;
    for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator();
         it.increment(ec)) {
      const fs::path& p = it->path();
      if (p.extension() == ".so" && it->is_regular_file(ec)) {
        inDir.push_back({p.stem().string(), p.string()});
      }
    }
    std::sort(inDir.begin(), inDir.end(),
              [](const PluginFile& a, const PluginFile& b) { return a.path < b.path; });
    out.insert(out.end(), inDir.begin(), inDir.end());
  }
  return out;
}

std::shared_ptr<LoadedPlugin> loadPluginFile(const std::string& path) {
  const std::string kernelVersion = version(BW_ABI_MAJOR, BW_ABI_MINOR);
  auto library = std::make_shared<boost::dll::shared_library>();
  try {
    library->load(path, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
  } catch (const std::exception& e) {
    refuse(path, std::string("cannot load library: ") + e.what());
  }
  if (!library->has(BW_PLUGIN_ENTRY_SYMBOL)) {
    refuse(path, std::string("no entry symbol '") + BW_PLUGIN_ENTRY_SYMBOL +
                     "' (not a Bulwark plugin, or built without BULWARK_PLUGIN); kernel ABI " +
                     kernelVersion);
  }
  auto entry = library->get<const bw_plugin_api*(uint16_t, uint16_t)>(BW_PLUGIN_ENTRY_SYMBOL);
  const bw_plugin_api* api = entry(BW_ABI_MAJOR, BW_ABI_MINOR);
  if (api == nullptr) {
    refuse(path,
           "entry function returned no table (the plugin failed to initialise or "
           "cannot serve kernel ABI " +
               kernelVersion + ")");
  }
  // struct_size and the version fields sit at fixed offsets in every version of the table;
  // nothing after them is read before the size check.
  const std::string pluginVersion = version(api->abi_major, api->abi_minor);
  if (api->abi_major != BW_ABI_MAJOR) {
    refuse(path, "plugin ABI " + pluginVersion + ", kernel ABI " + kernelVersion +
                     ": different major version");
  }
  if (api->abi_minor > BW_ABI_MINOR) {
    refuse(path, "plugin ABI " + pluginVersion + ", kernel ABI " + kernelVersion +
                     ": plugin needs a newer kernel");
  }
  if (api->struct_size < offsetof(bw_plugin_api, detect) + sizeof(api->detect)) {
    refuse(path, "plugin ABI " + pluginVersion + ", kernel ABI " + kernelVersion +
                     ": function table too small (" + std::to_string(api->struct_size) + " bytes)");
  }
  if (api->create == nullptr || api->destroy == nullptr || api->last_error == nullptr) {
    refuse(path, "plugin ABI " + pluginVersion + ": create, destroy and last_error are required");
  }
  PluginManifest manifest;
  try {
    manifest = parseManifest(std::string_view(api->manifest_json.ptr, api->manifest_json.len));
  } catch (const std::exception& e) {
    refuse(path, "plugin ABI " + pluginVersion + ": bad manifest: " + e.what());
  }
  if ((api->capabilities & BW_CAP_ASSESS) && api->assess == nullptr) {
    refuse(path, "announces assessments but has no assess function");
  }
  if ((api->capabilities & BW_CAP_COLLECT) && api->collect == nullptr) {
    refuse(path, "announces collectors but has no collect function");
  }
  auto loaded = std::make_shared<LoadedPlugin>(std::move(library), api, path, std::move(manifest));
  if ((api->capabilities & BW_CAP_EVENTS) && loaded->readEvents() == nullptr) {
    refuse(path, "plugin ABI " + pluginVersion + ", kernel ABI " + kernelVersion +
                     ": announces event sources but has no read_events function (table of " +
                     std::to_string(api->struct_size) + " bytes)");
  }
  if (!loaded->manifest().eventSources.empty() && !(api->capabilities & BW_CAP_EVENTS)) {
    refuse(path, "lists event sources but does not announce BW_CAP_EVENTS");
  }
  // 1.2: what the manifest lists needs its function, and a table large enough to hold it.
  auto needs = [&](bool listed, uint64_t cap, bool present, const char* what, const char* fn) {
    if (!listed && !(api->capabilities & cap)) return;
    if (!present)
      refuse(path, "plugin ABI " + pluginVersion + ", kernel ABI " + kernelVersion + ": " + what +
                       " but no " + fn + " function (table of " + std::to_string(api->struct_size) +
                       " bytes)");
    if (listed && !(api->capabilities & cap))
      refuse(path, std::string(what) + " but does not announce its capability bit");
  };
  const PluginManifest& m = loaded->manifest();
  needs(!m.commands.empty(), BW_CAP_COMMANDS, loaded->runCommand() != nullptr, "lists commands",
        "run_command");
  needs(!m.httpRoutes.empty(), BW_CAP_HTTP, loaded->handleHttp() != nullptr, "lists HTTP routes",
        "handle_http");
  needs(m.service, BW_CAP_SERVICE,
        loaded->startService() != nullptr && loaded->stopService() != nullptr, "runs a service",
        "start_service/stop_service");
  return loaded;
}

LoadResult loadPlugins(const std::vector<std::string>& dirs,
                       const std::vector<std::string>& enabledIds) {
  LoadResult result;
  std::map<std::string, std::string> pluginFiles;       // plugin id -> file
  std::map<std::string, std::string> assessmentOwner;   // assessment id -> plugin id
  std::map<std::string, std::string> nativeRuleOwner;   // native rule id -> plugin id
  std::map<std::string, std::string> sourceOwner;       // event source type -> plugin id
  std::map<std::string, std::string> anomalyKindOwner;  // UEBA anomaly kind id -> plugin id
  std::map<std::string, std::string> commandOwner;      // command name -> plugin id
  std::map<std::string, std::string> routeOwner;        // "METHOD path" -> plugin id
  for (const PluginFile& f : findPluginFiles(dirs)) {
    if (std::find(enabledIds.begin(), enabledIds.end(), f.id) == enabledIds.end()) continue;
    if (auto it = pluginFiles.find(f.id); it != pluginFiles.end()) {
      result.refusals.push_back({f.path, f.id,
                                 f.path + ": refused: duplicate plugin id '" + f.id +
                                     "' (already loaded from " + it->second + ")"});
      continue;
    }
    try {
      auto plugin = loadPluginFile(f.path);
      const PluginManifest& m = plugin->manifest();
      if (m.id != f.id) {
        refuse(f.path, "manifest id '" + m.id + "' does not match the file name '" + f.id +
                           ".so' (plugin ABI " + plugin->abiVersion() + ", kernel ABI " +
                           version(BW_ABI_MAJOR, BW_ABI_MINOR) + ")");
      }
      for (const auto& a : m.assessments) {
        if (auto owner = assessmentOwner.find(a.id); owner != assessmentOwner.end()) {
          refuse(f.path, "duplicate assessment id '" + a.id + "', already provided by plugin '" +
                             owner->second + "' (" + pluginFiles[owner->second] + "); plugin ABI " +
                             plugin->abiVersion() + ", kernel ABI " +
                             version(BW_ABI_MAJOR, BW_ABI_MINOR));
        }
      }
      auto refuseDuplicate = [&](const std::string& what, const std::string& id,
                                 const std::map<std::string, std::string>& owners) {
        auto owner = owners.find(id);
        if (owner == owners.end()) return;
        refuse(f.path, "duplicate " + what + " '" + id + "', already provided by plugin '" +
                           owner->second + "' (" + pluginFiles[owner->second] + ")");
      };
      for (const auto& r : m.ruleSets) {
        for (const auto& n : r.nativeRules)
          refuseDuplicate("native rule id", n.id, nativeRuleOwner);
      }
      for (const auto& e : m.eventSources)
        refuseDuplicate("event source type", e.type, sourceOwner);
      for (const auto& k : m.anomalyKinds)
        refuseDuplicate("anomaly kind id", k.id, anomalyKindOwner);
      for (const auto& c : m.commands)
        refuseDuplicate("command", c.name, commandOwner);
      for (const auto& r : m.httpRoutes)
        refuseDuplicate("route", r.method + " " + r.path, routeOwner);
      pluginFiles[f.id] = f.path;
      for (const auto& a : m.assessments)
        assessmentOwner[a.id] = m.id;
      for (const auto& r : m.ruleSets) {
        for (const auto& n : r.nativeRules)
          nativeRuleOwner[n.id] = m.id;
      }
      for (const auto& e : m.eventSources)
        sourceOwner[e.type] = m.id;
      for (const auto& k : m.anomalyKinds)
        anomalyKindOwner[k.id] = m.id;
      for (const auto& c : m.commands)
        commandOwner[c.name] = m.id;
      for (const auto& r : m.httpRoutes)
        routeOwner[r.method + " " + r.path] = m.id;
      result.plugins.push_back(std::move(plugin));
    } catch (const std::exception& e) {
      result.refusals.push_back({f.path, f.id, e.what()});
    }
  }
  for (const auto& id : enabledIds) {
    if (pluginFiles.count(id) == 0 &&
        std::none_of(result.refusals.begin(), result.refusals.end(),
                     [&](const PluginRefusal& r) { return r.pluginId == id; })) {
      result.notFound.push_back(id);
    }
  }
  return result;
}

}  // namespace bulwark
