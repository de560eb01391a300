#include <iostream>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "version.h"

namespace {

const char* kUsage =
    "Usage: bulwark <command> [options]\n\n"
    "Commands:\n"
    "  scan              collect, assess, store and report the posture of a scope\n"
    "  plugins list      show plugins, their ABI version, capabilities and assessments\n"
    "  config validate   check a configuration file\n"
    "  scans list|show   read stored scans back\n"
    "  report            render a stored scan: table, json, csv, sarif, ocsf or html\n"
    "  score             Secure Score of a stored scan, by control, with --history\n"
    "  diff A B          new, resolved and still-failing findings between two scans\n"
    "  compliance        regulatory compliance of a stored scan, control by control\n"
    "  policy import-initiative   check an Azure Policy initiative against the engine\n"
    "  detect            run the threat detection rules over logs, store and print alerts\n"
    "  alerts list|show|set-status   read and triage stored alerts\n"
    "  data update       refresh a detection list (tor-exits, malware-md5) from a file\n"
    "  alerts suppress|suppressions  suppression rules (alert type + entity, with expiry)\n"
    "  plans list|set    free or standard (threat detection) plan per plugin and scope\n"
    "  vulndb import|status|match   the vulnerability database\n"
    "  images scan|list|show   container image packages, vulnerabilities and scan status\n"
    "  server            scan images on push: registry notifications and scan status API\n\n"
    "Options:\n"
    "  --help, -h        this text (every command takes --help too)\n"
    "  --version         print the version and the plugin ABI version\n\n"
    "Exit codes: 0 ok, 1 findings at or above --fail-on, 2 usage or configuration error,\n"
    "3 runtime error.\n";

}  // namespace

int main(int argc, char** argv) {
  using namespace bulwark::cli;
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    std::cerr << kUsage;
    return kExitUsage;
  }
  const std::string command = args[0];
  Args rest(args.begin() + 1, args.end());
  if (command == "--help" || command == "-h" || command == "help") {
    std::cout << kUsage;
    return kExitOk;
  }
  if (command == "--version") {
    std::cout << "bulwark " << bulwark::kBulwarkVersion << " (plugin ABI " << BW_ABI_MAJOR << "."
              << BW_ABI_MINOR << ")\n";
    return kExitOk;
  }
  try {
    if (command == "scan") return scanCommand(rest);
    if (command == "plugins") return pluginsCommand(rest);
    if (command == "config") return configCommand(rest);
    if (command == "scans") return scansCommand(rest);
    if (command == "report") return reportCommand(rest);
    if (command == "score") return scoreCommand(rest);
    if (command == "diff") return diffCommand(rest);
    if (command == "vulndb") return vulndbCommand(rest);
    if (command == "detect") return detectCommand(rest);
    if (command == "alerts") return alertsCommand(rest);
    if (command == "server") return serverCommand(rest);
    if (command == "data") return dataCommand(rest);
    if (command == "compliance") return complianceCommand(rest);
    if (command == "policy") return policyCommand(rest);
    if (command == "plans") return plansCommand(rest);
    if (command == "images") return imagesCommand(rest);
  } catch (const std::exception& e) {
    std::cerr << "bulwark: " << e.what() << "\n";
    return kExitRuntime;
  }
  std::cerr << "bulwark: unknown command '" << command << "'\n\n" << kUsage;
  return kExitUsage;
}
