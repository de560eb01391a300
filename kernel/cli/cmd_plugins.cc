#include <boost/program_options.hpp>
#include <iostream>

#include "cli/commands.h"
#include "loader/plugin_loader.h"

namespace bulwark::cli {
namespace po = boost::program_options;

namespace {

std::string capabilityNames(uint64_t caps) {
  std::string out;
  auto add = [&](uint64_t bit, const char* name) {
    if (caps & bit) out += (out.empty() ? "" : ",") + std::string(name);
  };
  add(BW_CAP_COLLECT, "collect");
  add(BW_CAP_ASSESS, "assess");
  add(BW_CAP_DETECT, "detect");
  add(BW_CAP_EVENTS, "events");
  add(BW_CAP_COMMANDS, "commands");
  add(BW_CAP_HTTP, "http");
  add(BW_CAP_SERVICE, "service");
  return out.empty() ? "-" : out;
}

}  // namespace

int pluginsCommand(const Args& args) {
  po::options_description opts(
      "Usage: bulwark plugins list [options]\n\n"
      "Lists the plugins in the plugin folders: the enabled ones are loaded and shown with\n"
      "their version, ABI version, capabilities and assessments; the others are named only.\n\n"
      "Options");
  std::string configPath, verb;
  opts.add_options()("help,h", "show this help")(
      "config,c", po::value(&configPath)->default_value("config/bulwark.yaml"),
      "configuration file (decides which plugins are enabled and where they are)");
  po::options_description hidden;
  hidden.add_options()("verb", po::value(&verb));
  po::positional_options_description pos;
  pos.add("verb", 1);
  po::variables_map vm;
  if (auto exit = parseArguments("plugins", args, opts, hidden, pos, vm)) return *exit;
  if (verb != "list") {
    std::cerr << "bulwark plugins: expected 'list'\n" << opts << "\n";
    return kExitUsage;
  }
  Config config;
  try {
    config = loadConfig(configPath);
  } catch (const std::exception& e) {
    std::cerr << "bulwark plugins: " << e.what() << "\n";
    return kExitUsage;
  }
  std::vector<std::string> dirs = pluginDirectories(&config);
  std::vector<std::string> enabled;
  for (const auto& p : config.plugins) {
    if (p.enabled) enabled.push_back(p.id);
  }
  LoadResult loaded = loadPlugins(dirs, enabled);
  int exit = kExitOk;
  for (const auto& plugin : loaded.plugins) {
    const PluginManifest& m = plugin->manifest();
    std::cout << m.id << " " << m.version << "  ABI " << plugin->abiVersion() << "  capabilities "
              << capabilityNames(plugin->api().capabilities) << "\n"
              << "  " << m.description << "\n  file: " << plugin->file() << "\n";
    for (const auto& c : m.collectors) {
      std::cout << "  collector  " << c.id << " (";
      for (size_t i = 0; i < c.types.size(); ++i)
        std::cout << (i ? ", " : "") << c.types[i];
      std::cout << ")\n";
    }
    for (const auto& a : m.assessments) {
      std::cout << "  assessment " << a.id << " [" << severityName(a.severity) << "] " << a.title
                << "\n";
    }
    for (const auto& r : m.ruleSets) {
      std::cout << "  rule set   " << r.id << " " << r.title << "\n";
      for (const auto& n : r.nativeRules)
        std::cout << "    native rule " << n.id << " [" << n.severity << "] " << n.title << "\n";
    }
    for (const auto& e : m.eventSources)
      std::cout << "  event source " << e.type << " " << e.description << "\n";
    for (const auto& a : m.activities)
      std::cout << "  UEBA activity " << a.id << " " << a.description << "\n";
    for (const auto& k : m.anomalyKinds)
      std::cout << "    anomaly " << k.id << " [" << k.severity << "] " << k.title << "\n";
    for (const auto& c : m.commands)
      std::cout << "  command    bulwark " << c.name << "  " << c.summary << "\n";
    for (const auto& r : m.httpRoutes)
      std::cout << "  route      " << r.method << " " << r.path << (r.prefix ? "[/...]" : "")
                << "  (" << (r.apiToken ? "API token" : "secret " + r.secretEnv) << ") "
                << r.description << "\n";
    for (const auto& o : m.serverOptions)
      std::cout << "  server option --" << o.name << " (" << o.kind << ") " << o.help << "\n";
    if (m.service) std::cout << "  service    background work in bulwark server\n";
  }
  for (const auto& f : findPluginFiles(dirs)) {
    if (config.plugin(f.id) == nullptr || !config.enabled(f.id)) {
      std::cout << f.id << "  (disabled, not loaded)  file: " << f.path << "\n";
    }
  }
  for (const auto& r : loaded.refusals) {
    std::cerr << r.message << "\n";
    exit = kExitRuntime;
  }
  for (const auto& id : loaded.notFound) {
    std::cerr << "plugin '" << id << "' is enabled but no " << id << ".so is in:";
    for (const auto& d : dirs)
      std::cerr << " " << d;
    std::cerr << "\n";
    exit = kExitRuntime;
  }
  return exit;
}

}  // namespace bulwark::cli
