// `bulwark <name> ...` for a command a plugin serves (ABI 1.2 run_command): the kernel takes
// its host options, finds the plugin (enabled first, else any in the plugin folders), creates
// an instance with the host services (vulnerability database, plugin state in the store,
// output) and runs the command.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cli/commands.h"

namespace bulwark::cli {

struct PluginCommandInfo {
  std::string name;
  std::string summary;
  std::string pluginId;
};

// nullopt when no plugin serves `name`; otherwise the command's exit code.
std::optional<int> runPluginCommand(const std::string& name, const Args& args);

// The commands of the plugins in the default plugin folders (for `bulwark --help`).
std::vector<PluginCommandInfo> discoverPluginCommands();

}  // namespace bulwark::cli
