#include <atomic>
#include <boost/program_options.hpp>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <sstream>

#include "cli/commands.h"
#include "pluginstate/plugin_state_store.h"
#include "report/formats.h"
#include "report/report.h"
#include "report/terminal_color.h"
#include "scan/scan_runner.h"
#include "score/score_history.h"
#include "store/store.h"
#include "util/log.h"
#include "util/version.h"
#include "vuln/db/vuln_db.h"
#include "vuln/service/vulndb_service.h"

namespace bulwark::cli {
namespace po = boost::program_options;

namespace {

std::atomic<bool> gCancel{false};
extern "C" void onInterrupt(int) {
  gCancel = true;
}

}  // namespace

int scanCommand(const Args& args) {
  po::options_description opts(
      "Usage: bulwark scan [options]\n\n"
      "Collects the resources of the enabled plugins, assesses them, stores the scan and prints\n"
      "a report. Exit codes: 0 ok, 1 findings at or above --fail-on, 2 usage or configuration\n"
      "error, 3 runtime error (store, plugin or inventory problems).\n\nOptions");
  std::string configPath, format, output, failOn, store, color = "auto";
  std::vector<std::string> scopes;
  opts.add_options()("help,h", "show this help")(
      "config,c", po::value(&configPath)->default_value("config/bulwark.yaml"),
      "configuration file")("scope,s", po::value(&scopes),
                            "limit to an ARM scope (/subscriptions/S[/resourceGroups/RG[/...]]); "
                            "repeatable")(
      "format,f", po::value(&format),
      "report format: table, json, csv, sarif, ocsf or html (default from config)")(
      "output,o", po::value(&output), "write the report to FILE instead of stdout")(
      "fail-on", po::value(&failOn),
      "exit 1 if an unhealthy or errored result has this severity or above: low, medium, high, "
      "none")("store", po::value(&store), "SQLite store file (overrides the config)")(
      "verbose,v", "log plugin and kernel activity to stderr")(
      "color", po::value(&color),
      "colour the table: auto (on a terminal, unless NO_COLOR is set), always, never");
  po::variables_map vm;
  if (auto exit = parseArguments("scan", args, opts, {}, {}, vm)) return *exit;
  if (vm.count("verbose")) setLogLevel(LogLevel::Info);

  Config config;
  ScanOptions options;
  try {
    config = loadConfig(configPath);
    if (!format.empty()) config.outputFormat = format;
    if (!output.empty()) config.outputFile = output;
    if (!failOn.empty()) config.failOn = failOn;
    if (!store.empty()) config.storePath = store;
    if (!isReportFormat(config.outputFormat)) {
      throw std::invalid_argument("--format must be table, json, csv, sarif, ocsf or html, not '" +
                                  config.outputFormat + "'");
    }
    if (!parseColorMode(color)) {
      throw std::invalid_argument("--color must be auto, always or never, not '" + color + "'");
    }
    if (!isFailOnLevel(config.failOn)) {
      throw std::invalid_argument("--fail-on must be low, medium, high or none, not '" +
                                  config.failOn + "'");
    }
    options.scopes = parseScopes(scopes.empty() ? config.scopes : scopes);
    if (!config.securityPolicyFile.empty()) {
      options.securityPolicy = policy::loadSecurityPolicy(config.securityPolicyFile);
    }
  } catch (const std::exception& e) {
    std::cerr << "bulwark scan: " << e.what() << "\n";
    return kExitUsage;
  }
  options.pluginDirs = pluginDirectories(&config);
  options.cancel = &gCancel;
  options.kernelVersion = kBulwarkVersion;
  // Host services for the plugins: their state in the store, and the vulnerability database
  // when one is configured.
  pluginstate::PluginStateStore pluginState(config.storePath);
  options.state = &pluginState;
  std::unique_ptr<vuln::VulnDbService> vulndb;
  if (!config.vulndbPath.empty() && std::filesystem::exists(config.vulndbPath)) {
    try {
      vulndb = std::make_unique<vuln::VulnDbService>(config.vulndbPath);
      options.vulndb = vulndb.get();
    } catch (const std::exception& e) {
      logLine(LogLevel::Warning, "scan",
              std::string("vulnerability database unavailable to plugins: ") + e.what());
    }
  }
  std::signal(SIGINT, onInterrupt);
  std::signal(SIGTERM, onInterrupt);

  try {
    Store db(config.storePath);  // opened first: a store problem stops the scan before work
    ScanRecord scan = runScan(config, options);
    scan.id = db.saveScan(scan);
    saveScanScores(db.path(), scan);
    RenderOptions render;
    render.color =
        shouldColor(*parseColorMode(color), config.outputFile.empty() && stdoutIsTerminal(),
                    std::getenv("NO_COLOR"));
    writeOutput(renderScanReport(scan, config.outputFormat, render), config.outputFile);
    if (scan.status == "cancelled") return kExitRuntime;
    if (hasFindingsAtOrAbove(scan, config.failOn)) return kExitFindings;
    return scan.hasErrors() ? kExitRuntime : kExitOk;
  } catch (const std::exception& e) {
    std::cerr << "bulwark scan: " << e.what() << "\n";
    return kExitRuntime;
  }
}

}  // namespace bulwark::cli
