// `bulwark detect`: parses the options into DetectSettings and runs the detect pipeline
// (kernel/detectrun), mapping its outcome to the exit code.
#include <boost/dll/runtime_symbol_info.hpp>
#include <boost/program_options.hpp>
#include <csignal>
#include <filesystem>
#include <iostream>

#include "cli/commands.h"
#include "datalists/data_dir.h"
#include "detect/readers/reader_formats.h"
#include "detectrun/detect_pipeline.h"
#include "siem/siem_format.h"
#include "ueba/geo_locator.h"

namespace bulwark::cli {
namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace {

std::atomic<bool> gStop{false};
extern "C" void onStopSignal(int) {
  gStop = true;
}

std::string kernelSourceTypes() {
  std::string out;
  for (const auto& f : detect::readerFormats()) {
    out += (out.empty() ? "" : ", ") + std::string(f.type);
    if (!f.aliases.empty()) {
      std::string aliases;
      for (auto a : f.aliases)
        aliases += (aliases.empty() ? "" : ", ") + std::string(a);
      out += " (" + aliases + ")";
    }
  }
  return out;
}

// Breaks `text` into lines of at most `width` columns at spaces.
std::string wrapped(const std::string& text, size_t width = 90) {
  std::string out, line;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find(' ', start);
    if (end == std::string::npos) end = text.size();
    std::string word = text.substr(start, end - start);
    if (!line.empty() && line.size() + 1 + word.size() > width) {
      out += line + "\n";
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
    start = end + 1;
  }
  return out + line;
}

int exitCodeOf(detectrun::DetectOutcome outcome) {
  switch (outcome) {
    case detectrun::DetectOutcome::Ok:
      return kExitOk;
    case detectrun::DetectOutcome::Findings:
      return kExitFindings;
    case detectrun::DetectOutcome::Usage:
      return kExitUsage;
    case detectrun::DetectOutcome::Runtime:
      return kExitRuntime;
  }
  return kExitRuntime;
}

}  // namespace

int detectCommand(const Args& args) {
  po::options_description opts(
      "Usage: bulwark detect --source TYPE:PATH [--source ...] [options]\n\n" +
      wrapped("Reads logs, runs the detection rules over their events, stores the alerts and "
              "prints them. Source types: " +
              kernelSourceTypes() +
              ", and those of plugins (`bulwark plugins` lists them, e.g. storage-blob-logs "
              "from storage, wtmp from vm). A PATH may be a folder. Lines that do not parse are "
              "reported on stderr by file and line and skipped.") +
      "\nExit codes: 0 ok, 1 an alert at or above --fail-on, 2 usage, rule or configuration\n"
      "error, 3 unreadable source or store.\n\nOptions");
  detectrun::DetectSettings settings;
  std::string configPath;
  std::vector<std::string> sources;
  settings.dataDir = datalists::defaultDataDir();
  settings.geoIpPath = ueba::kDefaultGeoIpDatabase;
  opts.add_options()("help,h", "show this help")("source", po::value(&sources),
                                                 "TYPE:PATH of a log file or folder; repeatable")(
      "rules,r", po::value(&settings.rulePaths),
      "rule file or folder; repeatable (default: only the enabled plugins' rule sets)")(
      "format,f", po::value(&settings.format),
      "table, json, jsonl, ocsf (OCSF Detection Finding) or cef")(
      "config,c", po::value(&configPath),
      "configuration file: store path and enabled plugins, whose rule sets are loaded too "
      "(default config/bulwark.yaml when present; --config "
      " for none)")("store", po::value(&settings.store),
                    "SQLite store file (overrides the config)")("no-store",
                                                                "do not store the alerts")(
      "year", po::value(&settings.defaultYear),
      "year of syslog timestamps that carry none (default: inferred)")(
      "reorder-window", po::value(&settings.reorderSeconds),
      "seconds by which events may arrive out of order (default 0)")(
      "fail-on", po::value(&settings.failOn), "exit 1 when an alert has this severity or above")(
      "incidents", "print incidents (alerts linked by a shared entity) instead of alerts")(
      "follow",
      "keep reading what is appended (across rotation and truncation), resuming "
      "from the positions saved in the store; stops on SIGINT or SIGTERM")(
      "poll-ms", po::value(&settings.pollMs), "follow: milliseconds between polls (default 1000)")(
      "max-polls", po::value(&settings.maxPolls),
      "follow: stop after this many polls (default: never)")(
      "data-dir", po::value(&settings.dataDir),
      "folder of lists refreshed by `bulwark data update` (default: $BULWARK_DATA_DIR, else "
      "/var/lib/bulwark)")(
      "learning-days", po::value(&settings.learningDays),
      "UEBA: days a principal is only learned, with no anomaly alerts (default 14)")(
      "geoip", po::value(&settings.geoIpPath), "UEBA: GeoIP country database (default Debian's)")(
      "no-ueba", "do not run anomaly detection on activity-log and sign-in events")(
      "scope", po::value(&settings.planScope),
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
  settings.noStore = vm.count("no-store") > 0;
  settings.incidents = vm.count("incidents") > 0;
  settings.follow = vm.count("follow") > 0;
  settings.ueba = vm.count("no-ueba") == 0;
  if (sources.empty() || !siem::isOutputFormat(settings.format) ||
      (settings.failOn != "none" && detectrun::severityRank(settings.failOn) < 0)) {
    std::cerr << "bulwark detect: give at least one --source TYPE:PATH, --format "
                 "table|json|jsonl|ocsf|cef and --fail-on high|medium|low|informational|none\n";
    return kExitUsage;
  }
  for (const auto& s : sources) {
    size_t colon = s.find(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == s.size()) {
      std::cerr << "bulwark detect: --source '" << s << "' must be TYPE:PATH\n";
      return kExitUsage;
    }
    settings.sources.push_back({s.substr(0, colon), s.substr(colon + 1)});
  }
  if (settings.follow) {
    if (settings.noStore) {
      std::cerr << "bulwark detect: --follow keeps its read positions in the store; drop "
                   "--no-store\n";
      return kExitUsage;
    }
    for (const auto& source : settings.sources) {
      const auto* format = detect::findReaderFormat(source.type);
      if (format != nullptr && !format->followable) {
        std::cerr << "bulwark detect: --follow reads line-based logs; " << source.type
                  << " cannot be followed\n";
        return kExitUsage;
      }
    }
  }
  try {
    if (!vm.count("config") && fs::exists("config/bulwark.yaml"))
      configPath = "config/bulwark.yaml";
    if (!configPath.empty()) settings.config = loadConfig(configPath);
    if (settings.store.empty() && settings.config) settings.store = settings.config->storePath;
    if (settings.store.empty() && !settings.noStore)
      throw std::invalid_argument("no store: give --store FILE, --config or --no-store");
    settings.pluginDirs = pluginDirectories(settings.config ? &*settings.config : nullptr);
  } catch (const std::exception& e) {
    std::cerr << "bulwark detect: " << e.what() << "\n";
    return kExitUsage;
  }
  settings.programDir = boost::dll::program_location().parent_path().string();
  if (settings.follow) {
    std::signal(SIGINT, onStopSignal);
    std::signal(SIGTERM, onStopSignal);
    settings.stop = &gStop;
  }
  detectrun::DetectPipeline pipeline(std::move(settings), std::cout, std::cerr);
  return exitCodeOf(pipeline.run());
}

}  // namespace bulwark::cli
