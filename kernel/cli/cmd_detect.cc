#include <boost/dll/runtime_symbol_info.hpp>
#include <boost/program_options.hpp>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <set>
#include <sstream>

#include <atomic>
#include <csignal>

#include "cli/commands.h"
#include "cli/detect_follow.h"
#include "datalists/data_dir.h"
#include "detect/alert_format.h"
#include "detect/alert_store.h"
#include "detect/engine.h"
#include "detect/incident_format.h"
#include "detect/readers/reader.h"
#include "detect/rule_sources.h"
#include "detect/rules/rule_lists.h"
#include "detect/rules/rule_loader.h"
#include "loader/plugin_loader.h"
#include "plans/plan_store.h"
#include "plugin_detect/plugin_detect_setup.h"
#include "plugin_detect/plugin_rules.h"
#include "siem/siem_format.h"
#include "suppress/suppression_store.h"
#include "ueba/anomaly_detector.h"
#include "ueba/baseline_store.h"
#include "ueba/geo_locator.h"
#include "util/time.h"

namespace bulwark::cli {
namespace po = boost::program_options;
namespace fs = std::filesystem;
using namespace bulwark::detect;

namespace {

constexpr size_t kFailuresShown = 20;
constexpr uint64_t kStreamEvery = 65536;  // events between two batches of streamed alerts

std::atomic<bool> gStop{false};
extern "C" void onStopSignal(int) {
  gStop = true;
}

int severityRank(const std::string& s) {
  if (s == "High" || s == "high") return 3;
  if (s == "Medium" || s == "medium") return 2;
  if (s == "Low" || s == "low") return 1;
  if (s == "Informational" || s == "informational") return 0;
  return -1;
}

}  // namespace

int detectCommand(const Args& args) {
  po::options_description opts(
      "Usage: bulwark detect --source TYPE:PATH [--source ...] [options]\n\n"
      "Reads logs, runs the detection rules over their events, stores the alerts and prints\n"
      "them. Source types: syslog (auth.log), journald-json, jsonl, csv, apache (nginx), w3c,\n"
      "azure-activity, k8s-audit, storage-blob-logs, storage-analytics, auditd, and those of\n"
      "enabled plugins (`bulwark plugins` lists them, e.g. wtmp from vm). A PATH may be\n"
      "a folder. Lines that do not parse are reported on stderr by file and line and skipped.\n"
      "Exit codes: 0 ok, 1 an alert at or above --fail-on, 2 usage, rule or configuration\n"
      "error, 3 unreadable source or store.\n\nOptions");
  std::string configPath, format = "table", store, failOn = "none";
  std::vector<std::string> sources, rulePaths;
  std::string dataDir = datalists::defaultDataDir();
  int year = 0;
  int reorderSeconds = 0;
  int pollMs = 1000, maxPolls = 0;
  double learningDays = 14;
  std::string geoIpPath = ueba::kDefaultGeoIpDatabase;
  std::string planScope = "/";
  opts.add_options()("help,h", "show this help")("source", po::value(&sources),
                                                 "TYPE:PATH of a log file or folder; repeatable")(
      "rules,r", po::value(&rulePaths),
      "rule file or folder; repeatable (default: the shipped rule pack)")(
      "format,f", po::value(&format), "table, json, jsonl, ocsf (OCSF Detection Finding) or cef")(
      "config,c", po::value(&configPath),
      "configuration file: store path and enabled plugins, whose rule sets are loaded too "
      "(default config/bulwark.yaml when present; --config "
      " for none)")("store", po::value(&store), "SQLite store file (overrides the config)")(
      "no-store", "do not store the alerts")(
      "year", po::value(&year), "year of syslog timestamps that carry none (default: inferred)")(
      "reorder-window", po::value(&reorderSeconds),
      "seconds by which events may arrive out of order (default 0)")(
      "fail-on", po::value(&failOn), "exit 1 when an alert has this severity or above")(
      "incidents", "print incidents (alerts linked by a shared entity) instead of alerts")(
      "follow",
      "keep reading what is appended (across rotation and truncation), resuming "
      "from the positions saved in the store; stops on SIGINT or SIGTERM")(
      "poll-ms", po::value(&pollMs), "follow: milliseconds between polls (default 1000)")(
      "max-polls", po::value(&maxPolls), "follow: stop after this many polls (default: never)")(
      "data-dir", po::value(&dataDir),
      "folder of lists refreshed by `bulwark data update` (default: $BULWARK_DATA_DIR, else "
      "/var/lib/bulwark)")(
      "learning-days", po::value(&learningDays),
      "UEBA: days a principal is only learned, with no anomaly alerts (default 14)")(
      "geoip", po::value(&geoIpPath), "UEBA: GeoIP country database (default Debian's)")(
      "no-ueba", "do not run anomaly detection on activity-log and sign-in events")(
      "scope", po::value(&planScope),
      "ARM scope whose plans decide which plugins' rules run (default /)");
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(args).options(opts).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "bulwark detect: " << e.what() << "\n" << opts << "\n";
    return kExitUsage;
  }
  if (vm.count("help")) {
    std::cout << opts << "\n";
    return kExitOk;
  }
  if (sources.empty() || !siem::isOutputFormat(format) ||
      (failOn != "none" && severityRank(failOn) < 0)) {
    std::cerr << "bulwark detect: give at least one --source TYPE:PATH, --format "
                 "table|json|jsonl|ocsf|cef and --fail-on high|medium|low|informational|none\n";
    return kExitUsage;
  }
  std::vector<std::pair<std::string, std::string>> parsedSources;
  std::map<std::string, std::string> pluginSourceTypes;  // no kernel reader: type -> why
  for (const auto& s : sources) {
    size_t colon = s.find(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == s.size()) {
      std::cerr << "bulwark detect: --source '" << s << "' must be TYPE:PATH\n";
      return kExitUsage;
    }
    try {
      makeReader(s.substr(0, colon), {});
    } catch (const std::exception& e) {
      pluginSourceTypes[s.substr(0, colon)] = e.what();  // a plugin may read it
    }
    parsedSources.emplace_back(s.substr(0, colon), s.substr(colon + 1));
  }

  if (vm.count("follow")) {
    if (vm.count("no-store")) {
      std::cerr << "bulwark detect: --follow keeps its read positions in the store; drop "
                   "--no-store\n";
      return kExitUsage;
    }
    for (const auto& [type, path] : parsedSources) {
      if (type == "csv" || type == "azure-activity") {
        std::cerr << "bulwark detect: --follow reads line-based logs; " << type
                  << " cannot be followed\n";
        return kExitUsage;
      }
    }
  }
  Config config;
  bool haveConfig = false;
  KeyTable keys;
  std::vector<Rule> rules;
  std::unique_ptr<plugindetect::PluginDetection> pluginDetection;
  try {
    if (!vm.count("config") && fs::exists("config/bulwark.yaml"))
      configPath = "config/bulwark.yaml";
    if (!configPath.empty()) {
      config = loadConfig(configPath);
      haveConfig = true;
    }
    if (store.empty() && haveConfig) store = config.storePath;
    if (store.empty() && !vm.count("no-store"))
      throw std::invalid_argument("no store: give --store FILE, --config or --no-store");
    loadRuleListOverrides(dataDir);
    if (rulePaths.empty()) {
      std::string pack = defaultRulePackDir(boost::dll::program_location().parent_path().string());
      if (pack.empty())
        throw std::invalid_argument("no --rules given and no shipped rule pack found");
      rulePaths.push_back(pack);
    }
    for (const auto& p : rulePaths) {
      auto loaded = loadRulesPath(p, keys);
      rules.insert(rules.end(), loaded.begin(), loaded.end());
    }
    if (haveConfig) {
      std::vector<std::string> enabled;
      for (const auto& p : config.plugins) {
        if (p.enabled) enabled.push_back(p.id);
      }
      LoadResult plugins = loadPlugins(pluginDirectories(&config), enabled);
      for (const auto& refusal : plugins.refusals)
        std::cerr << "bulwark detect: " << refusal.message << "\n";
      std::unique_ptr<plans::PlanStore> planStore;
      if (!store.empty()) planStore = std::make_unique<plans::PlanStore>(store);
      for (const auto& plugin : plugins.plugins) {
        auto loaded = plugindetect::pluginRules(plugin->manifest(), keys);
        if (planStore && !loaded.empty()) {
          auto plan = planStore->effective(plugin->manifest().id, planScope, utcNowNs());
          if (!plan.threatDetection) {
            std::cerr << "bulwark detect: plugin " << plugin->manifest().id << " is on the "
                      << plan.describe() << " plan at " << planScope << ": its " << loaded.size()
                      << " threat detection rules do not run (bulwark plans "
                      << "set " << plugin->manifest().id << " standard)\n";
            continue;
          }
        }
        rules.insert(rules.end(), loaded.begin(), loaded.end());
      }
      pluginDetection = plugindetect::setUpPluginDetection(
          plugins.plugins, config, planStore.get(), planScope, rules, utcNowNs(), keys, std::cerr);
    }
    checkUniqueRuleIds(rules);
    for (const auto& [type, why] : pluginSourceTypes) {
      if (pluginDetection && !pluginDetection->sourcePlugin(type).empty()) {
        continue;
      }
      std::string also;
      for (const auto& t :
           pluginDetection ? pluginDetection->sourceTypes() : std::vector<std::string>{})
        also += (also.empty() ? "; enabled plugins read: " : ", ") + t;
      throw std::invalid_argument(why + also);
    }
  } catch (const std::exception& e) {
    std::cerr << "bulwark detect: " << e.what() << "\n";
    return kExitUsage;
  }

  try {
    const size_t ruleCount = rules.size();
    EngineOptions engineOptions;
    engineOptions.reorderWindowNs = static_cast<int64_t>(reorderSeconds) * 1000000000LL;
    Engine engine(std::move(rules), keys, engineOptions);
    ReaderOptions readerOptions;
    readerOptions.defaultYear = year;
    std::unique_ptr<ueba::BaselineStore> baselines;
    std::unique_ptr<ueba::GeoLocator> geo;
    std::unique_ptr<ueba::AnomalyDetector> anomalies;
    if (!vm.count("no-ueba")) {
      if (!vm.count("no-store")) baselines = std::make_unique<ueba::BaselineStore>(store);
      try {
        geo = std::make_unique<ueba::GeoLocator>(geoIpPath);
      } catch (const std::exception& e) {
        std::cerr << "bulwark detect: " << e.what() << "; UEBA country and travel checks off\n";
      }
      ueba::AnomalyOptions options;
      options.learningNs = static_cast<int64_t>(learningDays * 86400) * 1000000000LL;
      anomalies = std::make_unique<ueba::AnomalyDetector>(baselines.get(), geo.get(), options);
    }
    if (vm.count("follow")) {
      std::signal(SIGINT, onStopSignal);
      std::signal(SIGTERM, onStopSignal);
      std::set<std::string> pluginTypes;
      for (const auto& [type, why] : pluginSourceTypes)
        pluginTypes.insert(type);
      FollowSettings follow{parsedSources, store,  format,          std::max(pollMs, 10),
                            maxPolls,      &gStop, anomalies.get(), pluginDetection.get(),
                            pluginTypes};
      return followSources(engine, keys, readerOptions, follow);
    }
    std::vector<suppress::SuppressionRule> suppressions;
    if (!vm.count("no-store")) suppressions = suppress::SuppressionStore(store).list();
    // JSON Lines without --incidents: alerts are saved and printed in batches once their dedup
    // window has closed, so memory stays flat however long the logs are.
    const bool streaming = format == "jsonl" && !vm.count("incidents");
    std::unique_ptr<AlertStore> streamStore;
    if (streaming && !vm.count("no-store")) streamStore = std::make_unique<AlertStore>(store);
    size_t streamed = 0, streamedSuppressed = 0;
    int worstStreamed = -1;
    auto deliver = [&](std::vector<Alert> batch) {
      if (batch.empty()) return;
      streamedSuppressed += suppress::applySuppressions(batch, suppressions, utcNowNs());
      if (streamStore) streamStore->save(batch);
      std::ostringstream text;
      writeAlerts(batch, format, text);
      std::cout << text.str();
      streamed += batch.size();
      for (const auto& a : batch)
        worstStreamed = std::max(worstStreamed, severityRank(a.severity));
    };
    uint64_t pushed = 0;
    ReadStats total;
    std::vector<Alert> found;  // plugin detectors' and anomaly alerts
    auto* plugins =
        pluginDetection && pluginDetection->hasDetectors() ? pluginDetection.get() : nullptr;
    const EventSink sink = [&](Event&& e) {
      if (anomalies) anomalies->offer(e, keys);
      if (plugins) plugins->offer(e);
      engine.push(std::move(e));
      if (streaming && ++pushed % kStreamEvery == 0) {
        deliver(engine.takeFinishedAlerts());
        if (plugins) deliver(plugins->takeFinishedAlerts());
      }
    };
    for (const auto& [type, path] : parsedSources) {
      ReadStats stats = pluginSourceTypes.count(type)
                            ? pluginDetection->readSource(type, path, sink)
                            : readSource(type, path, keys, readerOptions, sink);
      total.add(stats);
    }
    engine.flush();
    if (plugins) {
      plugins->flush();
      const auto& p = plugins->stats();
      std::cerr << "bulwark detect: native plugin detectors: " << plugins->detectorCount()
                << " plugin(s), " << p.eventsHanded << " events in " << p.batches << " batches, "
                << p.alerts << " alerts taken, " << p.invalidAlerts << " invalid, " << p.failedCalls
                << " failed calls\n";
      found = plugins->takeFinishedAlerts(true);
    }
    for (size_t i = 0; i < total.failures.size() && i < kFailuresShown; ++i) {
      const auto& f = total.failures[i];
      std::cerr << f.file << ":" << f.line << ": skipped: " << f.reason << "\n";
    }
    if (total.failed > kFailuresShown)
      std::cerr << "... and " << total.failed - kFailuresShown << " more unparsed lines\n";
    if (anomalies) {
      auto anomalous = anomalies->finish();
      found.insert(found.end(), anomalous.begin(), anomalous.end());
      const auto& u = anomalies->stats();
      if (u.principals > 0)
        std::cerr << "bulwark detect: UEBA: " << u.principals << " principals, " << u.analysed
                  << " events analysed (" << u.inLearning << " while learning, " << u.alreadyLearned
                  << " already learned), " << anomalous.size() << " anomalies\n";
    }
    if (streaming) {
      deliver(engine.takeFinishedAlerts());
      deliver(engine.alerts());
      deliver(std::move(found));
      std::cerr << "bulwark detect: " << total.lines << " lines, " << total.events << " events, "
                << total.failed << " unparsed; " << ruleCount << " rules; " << streamed
                << " alerts (" << streamedSuppressed
                << " suppressed; streamed, --incidents groups them)\n";
      return failOn != "none" && worstStreamed >= severityRank(failOn) ? kExitFindings : kExitOk;
    }
    std::vector<Alert> alerts = engine.alerts();
    alerts.insert(alerts.end(), found.begin(), found.end());
    size_t suppressed = 0;
    if (!vm.count("no-store")) {
      suppressed = suppress::applySuppressions(alerts, suppressions, utcNowNs());
      AlertStore db(store);
      db.save(alerts);
    }
    std::cerr << "bulwark detect: " << total.lines << " lines, " << total.events << " events, "
              << total.failed << " unparsed; " << ruleCount << " rules; " << alerts.size()
              << " alerts (" << suppressed << " suppressed) in " << correlate(alerts).size()
              << " incidents\n";
    std::ostringstream text;
    if (vm.count("incidents") && format == "table")
      writeIncidentTimelines(correlate(alerts), text);
    else if (vm.count("incidents"))
      text << incidentsJson(correlate(alerts)).dump(format == "json" ? 2 : -1) << "\n";
    else
      siem::writeAlertsAs(alerts, format, text);
    std::cout << text.str();
    if (failOn != "none") {
      for (const auto& a : alerts) {
        if (severityRank(a.severity) >= severityRank(failOn)) return kExitFindings;
      }
    }
    return kExitOk;
  } catch (const std::exception& e) {
    std::cerr << "bulwark detect: " << e.what() << "\n";
    return kExitRuntime;
  }
}

}  // namespace bulwark::cli
