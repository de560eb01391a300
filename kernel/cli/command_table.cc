#include "cli/command_table.h"

namespace bulwark::cli {

const std::vector<KernelCommand>& kernelCommands() {
  static const std::vector<KernelCommand> table = {
      {"scan", "scan", "collect, assess, store and report the posture of a scope", &scanCommand},
      {"plugins", "plugins list",
       "show plugins, their ABI version, capabilities, assessments and commands", &pluginsCommand},
      {"config", "config validate", "check a configuration file and the plugins' settings",
       &configCommand},
      {"scans", "scans list|show", "read stored scans back", &scansCommand},
      {"report", "report", "render a stored scan: table, json, csv, sarif, ocsf or html",
       &reportCommand},
      {"score", "score", "Secure Score of a stored scan, by control, with --history",
       &scoreCommand},
      {"diff", "diff A B", "new, resolved and still-failing findings between two scans",
       &diffCommand},
      {"compliance", "compliance", "regulatory compliance of a stored scan, control by control",
       &complianceCommand},
      {"policy", "policy import-initiative", "check an Azure Policy initiative against the engine",
       &policyCommand},
      {"detect", "detect", "run the threat detection rules over logs, store and print alerts",
       &detectCommand},
      {"alerts", "alerts list|show|set-status", "read and triage stored alerts", &alertsCommand},
      {"alerts", "alerts suppress|suppressions",
       "suppression rules (alert type + entity, with expiry)", &alertsCommand},
      {"data", "data update", "refresh a detection list (tor-exits, malware-md5) from a file",
       &dataCommand},
      {"plans", "plans list|set", "free or standard (threat detection) plan per plugin and scope",
       &plansCommand},
      {"vulndb", "vulndb import|status|match", "the vulnerability database", &vulndbCommand},
      {"server", "server", "serve the plugins' HTTP routes and background services (scan on push)",
       &serverCommand},
  };
  return table;
}

const KernelCommand* findKernelCommand(const std::string& name) {
  for (const auto& c : kernelCommands()) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

}  // namespace bulwark::cli
