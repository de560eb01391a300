#include "cli/plugin_command.h"

#include <filesystem>
#include <iostream>
#include <memory>

#include "cli/host_options.h"
#include "config/settings_schema.h"
#include "loader/plugin_instance.h"
#include "loader/plugin_providers.h"
#include "pluginstate/plugin_state_store.h"
#include "util/log.h"
#include "vuln/service/vulndb_service.h"

namespace bulwark::cli {
namespace {

LogLevel toLogLevel(bw_log_level l) {
  switch (l) {
    case BW_LOG_DEBUG:
      return LogLevel::Debug;
    case BW_LOG_INFO:
      return LogLevel::Info;
    case BW_LOG_WARNING:
      return LogLevel::Warning;
    default:
      return LogLevel::Error;
  }
}

bool servesCommand(const PluginManifest& m, const std::string& name) {
  for (const auto& c : m.commands) {
    if (c.name == name) return true;
  }
  return false;
}

ProviderQuery queryFor(const Config* config) {
  ProviderQuery q;
  q.dirs = pluginDirectories(config);
  if (config != nullptr) {
    for (const auto& p : config->plugins)
      (p.enabled ? q.enabledIds : q.disabledIds).push_back(p.id);
  }
  return q;
}

}  // namespace

std::optional<int> runPluginCommand(const std::string& name, const Args& args) {
  HostOptions host;
  try {
    host = takeHostOptions(args);
  } catch (const std::exception& e) {
    // Without the configuration the plugin cannot be found; say so as a usage error only when
    // some plugin in the default folders serves the command.
    ProviderResult probe = findProviders(
        queryFor(nullptr), [&](const PluginManifest& m) { return servesCommand(m, name); });
    if (probe.plugins.empty()) return std::nullopt;
    std::cerr << "bulwark " << name << ": " << e.what() << "\n";
    return kExitUsage;
  }
  const Config* config = host.config ? &*host.config : nullptr;
  ProviderResult found = findProviders(
      queryFor(config), [&](const PluginManifest& m) { return servesCommand(m, name); });
  if (found.plugins.empty()) return std::nullopt;
  std::shared_ptr<LoadedPlugin> plugin = found.plugins.front();
  const std::string& id = plugin->manifest().id;

  std::unique_ptr<vuln::VulnDbService> vulndb;
  if (!host.vulndbPath.empty()) {
    try {
      vulndb = std::make_unique<vuln::VulnDbService>(host.vulndbPath);
    } catch (const std::exception& e) {
      std::cerr << "bulwark " << name << ": " << e.what() << "\n";
      return kExitRuntime;
    }
  }
  pluginstate::PluginStateStore state(host.storePath);
  HostBindings bindings;
  bindings.log = [](const std::string& plugin, bw_log_level level, const std::string& text) {
    logLine(toLogLevel(level), plugin, text);
  };
  bindings.vulndb = vulndb.get();
  bindings.state = &state;
  bindings.output = [](int stream, std::string_view text) {
    std::ostream& out = stream == BW_OUTPUT_STDERR ? std::cerr : std::cout;
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    out.flush();
  };
  const PluginConfig* settings = config != nullptr ? config->plugin(id) : nullptr;
  if (settings != nullptr) {
    auto problems = checkPluginSettings(*settings, plugin->manifest().settingsSchema);
    for (const auto& p : problems)
      std::cerr << p.str() << "\n";
    if (!problems.empty()) return kExitUsage;
  }
  PluginInstance instance(
      plugin, settings != nullptr ? settings->settings : nlohmann::json::object(), bindings);
  if (!instance.valid()) {
    std::cerr << "bulwark " << name << ": plugin " << id << " (" << plugin->file()
              << "): " << instance.createError() << "\n";
    return kExitUsage;
  }
  int exitCode = kExitRuntime;
  CallResult r = instance.runCommand(name, host.rest, exitCode);
  if (!r.ok) {
    std::cerr << "bulwark " << name << ": " << r.error << "\n";
    return kExitRuntime;
  }
  if (host.help) std::cout << "\n" << hostOptionsHelp();
  return exitCode;
}

std::vector<PluginCommandInfo> discoverPluginCommands() {
  std::vector<PluginCommandInfo> out;
  ProviderResult found =
      findProviders(queryFor(nullptr), [](const PluginManifest& m) { return !m.commands.empty(); });
  for (const auto& p : found.plugins) {
    for (const auto& c : p->manifest().commands)
      out.push_back({c.name, c.summary, p->manifest().id});
  }
  return out;
}

}  // namespace bulwark::cli
