#include <boost/program_options.hpp>
#include <cstdlib>
#include <iostream>

#include "cli/commands.h"
#include "report/formats.h"
#include "report/terminal_color.h"
#include "store/store.h"

namespace bulwark::cli {
namespace po = boost::program_options;

int reportCommand(const Args& args) {
  po::options_description opts(
      "Usage: bulwark report [--scan ID] [--format F] [-o FILE]\n\n"
      "Renders a stored scan (default: the latest) as a report.\n\nOptions");
  std::string configPath, store, format = "table", output, color = "auto";
  int64_t id = 0;
  opts.add_options()("help,h", "show this help")(
      "config,c", po::value(&configPath)->default_value("config/bulwark.yaml"),
      "configuration file (gives the store path)")("store", po::value(&store),
                                                   "SQLite store file (overrides the config)")(
      "scan", po::value(&id), "the stored scan's id (default: the latest)")(
      "format,f", po::value(&format), "table, json, csv, sarif, ocsf or html")(
      "output,o", po::value(&output), "write the report to FILE instead of stdout")(
      "color", po::value(&color),
      "colour the table: auto (on a terminal, unless NO_COLOR is set), always, never");
  po::variables_map vm;
  if (auto exit = parseArguments("report", args, opts, {}, {}, vm)) return *exit;
  auto colorMode = parseColorMode(color);
  if (!isReportFormat(format) || !colorMode) {
    std::cerr << "bulwark report: --format must be table, json, csv, sarif, ocsf or html and "
                 "--color auto, always or never\n"
              << opts << "\n";
    return kExitUsage;
  }
  try {
    if (store.empty()) store = loadConfig(configPath).storePath;
  } catch (const std::exception& e) {
    std::cerr << "bulwark report: " << e.what() << "\n";
    return kExitUsage;
  }
  try {
    Store db(store);
    if (!vm.count("scan")) {
      auto latest = db.latestScanId();
      if (!latest) {
        std::cerr << "bulwark report: " << store << " holds no scans\n";
        return kExitRuntime;
      }
      id = *latest;
    }
    auto scan = db.loadScan(id);
    if (!scan) {
      std::cerr << "bulwark report: no scan #" << id << " in " << store << "\n";
      return kExitRuntime;
    }
    RenderOptions render;
    render.color =
        shouldColor(*colorMode, output.empty() && stdoutIsTerminal(), std::getenv("NO_COLOR"));
    writeOutput(renderScanReport(*scan, format, render), output);
    return kExitOk;
  } catch (const std::exception& e) {
    std::cerr << "bulwark report: " << e.what() << "\n";
    return kExitRuntime;
  }
}

}  // namespace bulwark::cli
