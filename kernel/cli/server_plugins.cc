#include "cli/server_plugins.h"

#include <algorithm>
#include <set>
#include <stdexcept>

#include "loader/plugin_providers.h"

namespace bulwark::cli {
namespace po = boost::program_options;

std::vector<ServedPlugin> findServedPlugins(const Config* config,
                                            const std::vector<std::string>& kernelOptions,
                                            std::vector<std::string>& refusals) {
  ProviderQuery query;
  query.dirs = pluginDirectories(config);
  if (config != nullptr) {
    for (const auto& p : config->plugins)
      (p.enabled ? query.enabledIds : query.disabledIds).push_back(p.id);
  }
  ProviderResult found = findProviders(
      query, [](const PluginManifest& m) { return !m.httpRoutes.empty() || m.service; });
  for (const auto& r : found.refusals)
    refusals.push_back(r.message);
  std::set<std::string> options(kernelOptions.begin(), kernelOptions.end());
  std::vector<ServedPlugin> out;
  for (auto& plugin : found.plugins) {
    const PluginManifest& m = plugin->manifest();
    for (const auto& o : m.serverOptions) {
      if (!options.insert(o.name).second)
        throw std::runtime_error("plugin " + m.id + " (" + plugin->file() + ") adds --" + o.name +
                                 ", which another plugin or the kernel already has");
    }
    const PluginConfig* pc = config != nullptr ? config->plugin(m.id) : nullptr;
    out.push_back({plugin, pc != nullptr ? pc->settings : nlohmann::json::object()});
  }
  return out;
}

void addServerOptions(const std::vector<ServedPlugin>& plugins, po::options_description& options) {
  for (const auto& p : plugins) {
    const PluginManifest& m = p.plugin->manifest();
    if (m.serverOptions.empty()) continue;
    po::options_description group("Options of the " + m.id + " plugin");
    for (const auto& o : m.serverOptions) {
      const char* name = o.name.c_str();
      if (o.kind == "flag")
        group.add_options()(name, po::bool_switch(), o.help.c_str());
      else if (o.kind == "list")
        group.add_options()(name, po::value<std::vector<std::string>>(), o.help.c_str());
      else if (o.kind == "integer")
        group.add_options()(name, po::value<long long>(), o.help.c_str());
      else
        group.add_options()(name, po::value<std::string>(), o.help.c_str());
    }
    options.add(group);
  }
}

void applyServerOptions(const po::variables_map& vm, std::vector<ServedPlugin>& plugins) {
  for (auto& p : plugins) {
    if (!p.settings.is_object()) p.settings = nlohmann::json::object();
    for (const auto& o : p.plugin->manifest().serverOptions) {
      if (!vm.count(o.name) || vm[o.name].defaulted()) continue;
      const auto& value = vm[o.name];
      if (o.kind == "flag") {
        if (value.as<bool>()) p.settings[o.setting] = true;
      } else if (o.kind == "list") {
        p.settings[o.setting] = value.as<std::vector<std::string>>();
      } else if (o.kind == "integer") {
        p.settings[o.setting] = value.as<long long>();
      } else {
        p.settings[o.setting] = value.as<std::string>();
      }
    }
  }
}

}  // namespace bulwark::cli
