#include <bulwark/plugin.h>

#include <iomanip>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "cli/command_table.h"
#include "cli/plugin_command.h"
#include "util/version.h"

namespace {

using namespace bulwark::cli;

std::string usage() {
  std::ostringstream out;
  out << "Usage: bulwark <command> [options]\n\nCommands:\n";
  auto line = [&](const std::string& synopsis, const std::string& summary) {
    out << "  " << std::left << std::setw(17) << synopsis << (synopsis.size() >= 17 ? "   " : " ")
        << summary << "\n";
  };
  for (const auto& c : kernelCommands()) {
    if (c.listed) line(c.synopsis, c.summary);
  }
  try {
    for (const auto& c : discoverPluginCommands()) {
      if (findKernelCommand(c.name) == nullptr) line(c.name, c.summary + " (" + c.pluginId + ")");
    }
  } catch (const std::exception&) {
    // The usage stays useful without the plugins' commands.
  }
  out << "\nOptions:\n"
         "  --help, -h        this text (every command takes --help too)\n"
         "  --version         print the version and the plugin ABI version\n\n"
         "Exit codes: 0 ok, 1 findings at or above --fail-on, 2 usage or configuration error,\n"
         "3 runtime error.\n";
  return out.str();
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    std::cerr << usage();
    return kExitUsage;
  }
  const std::string command = args[0];
  Args rest(args.begin() + 1, args.end());
  if (command == "--help" || command == "-h" || command == "help") {
    std::cout << usage();
    return kExitOk;
  }
  if (command == "--version") {
    std::cout << "bulwark " << bulwark::kBulwarkVersion << " (plugin ABI " << BW_ABI_MAJOR << "."
              << BW_ABI_MINOR << ")\n";
    return kExitOk;
  }
  try {
    if (const KernelCommand* c = findKernelCommand(command)) return c->run(rest);
    if (auto exit = runPluginCommand(command, rest)) return *exit;
  } catch (const std::exception& e) {
    std::cerr << "bulwark: " << e.what() << "\n";
    return kExitRuntime;
  }
  std::cerr << "bulwark: unknown command '" << command << "'\n\n" << usage();
  return kExitUsage;
}
