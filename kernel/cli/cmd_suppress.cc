// bulwark alerts suppress | suppressions | unsuppress: the suppression rules.
#include <boost/program_options.hpp>
#include <iomanip>
#include <iostream>

#include "cli/commands.h"
#include "detect/alert_store.h"
#include "suppress/suppression_store.h"
#include "util/time.h"

namespace bulwark::cli {
namespace po = boost::program_options;
using namespace bulwark::suppress;

namespace {

void writeRules(const std::vector<SuppressionRule>& rules, int64_t now, std::ostream& out) {
  if (rules.empty()) {
    out << "No suppression rules.\n";
    return;
  }
  out << std::left << std::setw(6) << "ID" << std::setw(28) << "RULE" << std::setw(30) << "ENTITY"
      << std::setw(24) << "EXPIRES" << std::setw(9) << "STATE"
      << "REASON\n";
  for (const auto& r : rules) {
    std::string entity = r.entityType.empty() ? "*" : r.entityType + "=" + r.entityValue;
    out << std::left << std::setw(6) << r.id << std::setw(28) << r.rulePattern << std::setw(30)
        << entity << std::setw(24)
        << (r.expiresNs ? formatIso8601(*r.expiresNs) : std::string("never")) << std::setw(9)
        << (r.activeAt(now) ? "active" : "expired") << r.reason << "\n";
  }
}

}  // namespace

int suppressCommand(const Args& args) {
  po::options_description opts(
      "Usage: bulwark alerts suppress --rule ID [--entity TYPE=VALUE] --reason TEXT\n"
      "                               [--expires TIME | --days N] [options]\n"
      "       bulwark alerts suppressions [options]\n"
      "       bulwark alerts unsuppress RULE-ID [options]\n\n"
      "Alerts of the rule (an id, or a prefix ending in '*') that carry the entity are stored\n"
      "and shown with status 'suppressed' until the suppression expires. Adding one also\n"
      "suppresses the matching stored alerts that are still 'new'.\n\nOptions");
  std::string configPath = "config/bulwark.yaml", store, verb, entity, expires;
  SuppressionRule rule;
  double days = 0;
  int64_t id = 0;
  opts.add_options()("help,h", "show this help")("config,c", po::value(&configPath),
                                                 "configuration file (gives the store path)")(
      "store", po::value(&store), "SQLite store file (overrides the config)")(
      "rule", po::value(&rule.rulePattern), "rule id, or a prefix ending in '*'")(
      "entity", po::value(&entity), "TYPE=VALUE, e.g. ip=203.0.113.7 or user=alice")(
      "reason", po::value(&rule.reason), "why (shown with every suppressed alert)")(
      "expires", po::value(&expires), "ISO 8601 time the suppression stops applying")(
      "days", po::value(&days), "the suppression stops applying after this many days");
  po::options_description hidden;
  hidden.add_options()("verb", po::value(&verb))("id", po::value(&id));
  po::positional_options_description pos;
  pos.add("verb", 1).add("id", 1);
  po::variables_map vm;
  if (auto exit = parseArguments("alerts", args, opts, hidden, pos, vm)) return *exit;
  const int64_t now = utcNowNs();
  try {
    if (!entity.empty()) {
      size_t eq = entity.find('=');
      if (eq == std::string::npos || eq == 0)
        throw std::invalid_argument("--entity '" + entity + "' must be TYPE=VALUE");
      rule.entityType = entity.substr(0, eq);
      rule.entityValue = entity.substr(eq + 1);
    }
    if (!expires.empty() && days > 0)
      throw std::invalid_argument("give --expires or --days, not both");
    if (!expires.empty()) {
      auto t = parseIso8601(expires);
      if (!t) throw std::invalid_argument("--expires '" + expires + "' is not an ISO 8601 time");
      rule.expiresNs = *t;
    } else if (days > 0) {
      rule.expiresNs = now + static_cast<int64_t>(days * 86400) * 1000000000LL;
    }
    if (verb == "suppress") validate(rule);
    if ((verb == "unsuppress") != (vm.count("id") > 0))
      throw std::invalid_argument("unsuppress takes the suppression rule's id");
    if (store.empty()) store = loadConfig(configPath).storePath;
  } catch (const std::exception& e) {
    std::cerr << "bulwark alerts " << verb << ": " << e.what() << "\n";
    return kExitUsage;
  }
  try {
    SuppressionStore rules(store);
    if (verb == "suppressions") {
      writeRules(rules.list(), now, std::cout);
      return kExitOk;
    }
    if (verb == "unsuppress") {
      if (!rules.remove(id)) {
        std::cerr << "bulwark alerts: no suppression rule #" << id << " in " << store << "\n";
        return kExitRuntime;
      }
      std::cout << "suppression rule #" << id << " removed\n";
      return kExitOk;
    }
    rule.createdNs = now;
    rule = rules.add(rule);
    detect::AlertStore alerts(store);
    size_t suppressed = 0;
    if (rule.activeAt(now)) {
      for (const auto& a : alerts.list("new")) {
        if (rule.matches(a) && alerts.suppress(a.id, rule.label())) ++suppressed;
      }
    }
    std::cout << "suppression rule #" << rule.id << " added; " << suppressed
              << " stored alert(s) suppressed\n";
    return kExitOk;
  } catch (const std::exception& e) {
    std::cerr << "bulwark alerts: " << e.what() << "\n";
    return kExitRuntime;
  }
}

}  // namespace bulwark::cli
