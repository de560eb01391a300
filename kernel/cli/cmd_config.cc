#include <iostream>

#include "cli/commands.h"
#include "policy/security_policy.h"
#include "scan/scan_runner.h"

namespace bulwark::cli {

int configCommand(const Args& args) {
  const char* usage =
      "Usage: bulwark config validate FILE\n\n"
      "Checks a configuration file and prints every problem with its file, line and column.\n"
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
    std::cout << args[1] << ": valid (" << config.plugins.size() << " plugin(s), "
              << config.inventory.size() << " inventory source(s))\n";
    return kExitOk;
  } catch (const std::exception& e) {
    std::cerr << e.what() << "\n";
    return kExitUsage;
  }
}

}  // namespace bulwark::cli
