#include <boost/program_options.hpp>
#include <iostream>

#include "cli/commands.h"
#include "detect/alert_format.h"
#include "detect/alert_store.h"
#include "detect/incident_format.h"
#include "siem/siem_format.h"

namespace bulwark::cli {
namespace po = boost::program_options;
using namespace bulwark::detect;

int alertsCommand(const Args& args) {
  if (!args.empty() &&
      (args[0] == "suppress" || args[0] == "suppressions" || args[0] == "unsuppress"))
    return suppressCommand(args);
  po::options_description opts(
      "Usage: bulwark alerts list [--status S] [options]\n"
      "       bulwark alerts show ID [options]\n"
      "       bulwark alerts set-status ID new|active|resolved|dismissed [options]\n"
      "       bulwark alerts incidents [--gap SECONDS] [--status S] [options]\n"
      "       bulwark alerts suppress|suppressions|unsuppress ... (see suppress --help)\n\n"
      "Reads and triages the alerts stored by `bulwark detect`. Incidents group alerts that\n"
      "share an address, user, host or resource within the gap, as a timeline.\n\nOptions");
  std::string configPath = "config/bulwark.yaml", store, format = "table", status, verb, newStatus;
  int64_t id = 0;
  int64_t gapSeconds = 3600;
  opts.add_options()("help,h", "show this help")("config,c", po::value(&configPath),
                                                 "configuration file (gives the store path)")(
      "store", po::value(&store), "SQLite store file (overrides the config)")(
      "format,f", po::value(&format), "table, json, jsonl, ocsf (OCSF Detection Finding) or cef")(
      "status", po::value(&status), "list only alerts with this status");
  po::options_description hidden;
  hidden.add_options()("verb", po::value(&verb))("id", po::value(&id))("new-status",
                                                                       po::value(&newStatus));
  po::positional_options_description pos;
  pos.add("verb", 1).add("id", 1).add("new-status", 1);
  po::options_description all;
  all.add(opts).add(hidden);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(all).positional(pos).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "bulwark alerts: " << e.what() << "\n" << opts << "\n";
    return kExitUsage;
  }
  if (vm.count("help")) {
    std::cout << opts << "\n";
    return kExitOk;
  }
  bool ok = ((verb == "list" || verb == "incidents") && !vm.count("id")) ||
            (verb == "show" && vm.count("id")) ||
            (verb == "set-status" && vm.count("id") && AlertStore::isStatus(newStatus));
  if (!ok || !siem::isOutputFormat(format) || (!status.empty() && !AlertStore::isStatus(status))) {
    std::cerr
        << "bulwark alerts: expected 'list', 'show ID' or 'set-status ID "
           "new|active|resolved|dismissed|suppressed', and --format table|json|jsonl|ocsf|cef\n"
        << opts << "\n";
    return kExitUsage;
  }
  try {
    if (store.empty()) store = loadConfig(configPath).storePath;
  } catch (const std::exception& e) {
    std::cerr << "bulwark alerts: " << e.what() << "\n";
    return kExitUsage;
  }
  try {
    AlertStore db(store);
    if (verb == "list") {
      siem::writeAlertsAs(db.list(status), format, std::cout);
      return kExitOk;
    }
    if (verb == "incidents") {
      std::vector<Alert> alerts = db.list(status);
      CorrelationOptions options;
      options.gapNs = gapSeconds * 1000000000LL;
      auto incidents = correlate(alerts, options);
      if (format == "table")
        writeIncidentTimelines(incidents, std::cout);
      else
        std::cout << incidentsJson(incidents).dump(format == "json" ? 2 : -1) << "\n";
      return kExitOk;
    }
    if (verb == "set-status") {
      if (!db.setStatus(id, newStatus)) {
        std::cerr << "bulwark alerts: no alert #" << id << " in " << store << "\n";
        return kExitRuntime;
      }
      std::cout << "alert #" << id << " is now " << newStatus << "\n";
      return kExitOk;
    }
    auto alert = db.get(id);
    if (!alert) {
      std::cerr << "bulwark alerts: no alert #" << id << " in " << store << "\n";
      return kExitRuntime;
    }
    if (format == "table")
      writeAlertDetail(*alert, std::cout);
    else
      siem::writeAlertsAs({*alert}, format, std::cout);
    return kExitOk;
  } catch (const std::exception& e) {
    std::cerr << "bulwark alerts: " << e.what() << "\n";
    return kExitRuntime;
  }
}

}  // namespace bulwark::cli
