#include <iostream>

#include "cli/commands.h"
#include "config/settings_schema.h"
#include "loader/plugin_loader.h"
#include "policy/security_policy.h"
#include "scan/scan_runner.h"

namespace bulwark::cli {

int configCommand(const Args& args) {
  const char* usage =
      "Usage: bulwark config validate FILE\n\n"
      "Checks a configuration file and prints every problem with its file, line and column,\n"
      "including the settings of each enabled plugin against the schema the plugin declares.\n"
      "Exit codes: 0 valid, 2 invalid.\n";
  if (!args.empty() && (args[0] == "--help" || args[0] == "-h")) {
    std::cout << usage;
    return kExitOk;
  }
  if (args.size() != 2 || args[0] != "validate") {
    std::cerr << usage;
    return kExitUsage;
  }
  try {
    Config config = loadConfig(args[1]);
    parseScopes(config.scopes);
    if (!config.securityPolicyFile.empty()) policy::loadSecurityPolicy(config.securityPolicyFile);
    std::vector<std::string> enabled;
    for (const auto& p : config.plugins)
      if (p.enabled) enabled.push_back(p.id);
    LoadResult plugins = loadPlugins(pluginDirectories(&config), enabled);
    size_t problems = 0;
    for (const auto& plugin : plugins.plugins) {
      const PluginConfig* pc = config.plugin(plugin->manifest().id);
      for (const auto& p : checkPluginSettings(*pc, plugin->manifest().settingsSchema)) {
        std::cerr << p.str() << "\n";
        ++problems;
      }
    }
    for (const auto& r : plugins.refusals)
      std::cerr << "note: " << r.message << " (its settings are not checked)\n";
    for (const auto& id : plugins.notFound)
      std::cerr << "note: plugin '" << id << "' is not in the plugin folders (its settings are "
                << "not checked)\n";
    if (problems > 0) return kExitUsage;
    std::cout << args[1] << ": valid (" << config.plugins.size() << " plugin(s), "
              << config.inventory.size() << " inventory source(s))\n";
    return kExitOk;
  } catch (const std::exception& e) {
    std::cerr << e.what() << "\n";
    return kExitUsage;
  }
}

}  // namespace bulwark::cli
