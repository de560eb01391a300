// bulwark plans list|set: free or standard (threat detection) per plugin and scope.
#include <boost/program_options.hpp>
#include <iomanip>
#include <iostream>

#include "cli/commands.h"
#include "plans/plan_store.h"
#include "util/time.h"

namespace bulwark::cli {
namespace po = boost::program_options;
using namespace bulwark::plans;

int plansCommand(const Args& args) {
  po::options_description opts(
      "Usage: bulwark plans list [options]\n"
      "       bulwark plans set PLUGIN free|standard|trial [--scope SCOPE] [options]\n\n"
      "free runs a plugin's posture assessments only; standard adds its threat detection\n"
      "rules. A plugin with no plan gets a 30-day standard trial from the first `bulwark\n"
      "detect` that loads it; the start is stored, and after 30 days the plugin is free until\n"
      "set to standard. The plan at the deepest scope containing the detect --scope wins.\n\n"
      "Options");
  std::string configPath = "config/bulwark.yaml", store, verb, plugin, plan, scope = "/";
  opts.add_options()("help,h", "show this help")("config,c", po::value(&configPath),
                                                 "configuration file (gives the store path)")(
      "store", po::value(&store), "SQLite store file (overrides the config)")(
      "scope", po::value(&scope), "ARM scope the plan applies to (default /: everything)");
  po::options_description hidden;
  hidden.add_options()("verb", po::value(&verb))("plugin", po::value(&plugin))("plan",
                                                                               po::value(&plan));
  po::positional_options_description pos;
  pos.add("verb", 1).add("plugin", 1).add("plan", 1);
  po::variables_map vm;
  if (auto exit = parseArguments("plans", args, opts, hidden, pos, vm)) return *exit;
  bool ok = (verb == "list" && plugin.empty()) || (verb == "set" && isPlan(plan));
  if (!ok) {
    std::cerr << "bulwark plans: expected 'list' or 'set PLUGIN free|standard|trial'\n"
              << opts << "\n";
    return kExitUsage;
  }
  try {
    if (store.empty()) store = loadConfig(configPath).storePath;
  } catch (const std::exception& e) {
    std::cerr << "bulwark plans: " << e.what() << "\n";
    return kExitUsage;
  }
  try {
    PlanStore plans(store);
    const int64_t now = utcNowNs();
    if (verb == "set") {
      plans.set(plugin, scope, plan, now);
      std::cout << plugin << " at " << scope << ": "
                << resolvePlan(plans.list(), plugin, scope, now).describe() << "\n";
      return kExitOk;
    }
    auto records = plans.list();
    if (records.empty()) {
      std::cout << "No plans recorded (each plugin starts a standard trial on its first "
                   "detect).\n";
      return kExitOk;
    }
    std::cout << std::left << std::setw(16) << "PLUGIN" << std::setw(60) << "SCOPE"
              << "PLAN\n";
    for (const auto& r : records) {
      std::cout << std::left << std::setw(16) << r.plugin << std::setw(60) << r.scope
                << resolvePlan({r}, r.plugin, r.scope, now).describe() << "\n";
    }
    return kExitOk;
  } catch (const std::exception& e) {
    std::cerr << "bulwark plans: " << e.what() << "\n";
    return kExitRuntime;
  }
}

}  // namespace bulwark::cli
