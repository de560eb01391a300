// The kernel's CLI commands as one table: `bulwark <name>` runs the entry of that name, and
// `bulwark --help` lists them with the commands of the plugins found in the plugin folders.
#pragma once

#include <string>
#include <vector>

#include "cli/commands.h"

namespace bulwark::cli {

struct KernelCommand {
  std::string name;
  std::string synopsis;  // as shown in the usage: "scans list|show"
  std::string summary;
  int (*run)(const Args& args);
  bool listed = true;  // false for aliases
};

const std::vector<KernelCommand>& kernelCommands();
const KernelCommand* findKernelCommand(const std::string& name);

}  // namespace bulwark::cli
