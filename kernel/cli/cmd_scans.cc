#include <boost/program_options.hpp>
#include <cstdlib>
#include <iostream>
#include <sstream>

#include "cli/commands.h"
#include "report/formats.h"
#include "report/terminal_color.h"
#include "store/store.h"

namespace bulwark::cli {
namespace po = boost::program_options;

int scansCommand(const Args& args) {
  po::options_description opts(
      "Usage: bulwark scans list [options]\n"
      "       bulwark scans show [ID] [options]   (default: the latest scan)\n\n"
      "Reads stored scans back from the store.\n\nOptions");
  std::string configPath, store, format = "table", verb, color = "auto";
  int64_t id = 0;
  opts.add_options()("help,h", "show this help")(
      "config,c", po::value(&configPath)->default_value("config/bulwark.yaml"),
      "configuration file (gives the store path)")("store", po::value(&store),
                                                   "SQLite store file (overrides the config)")(
      "format,f", po::value(&format), "table, json, csv, sarif, ocsf or html")(
      "color", po::value(&color),
      "colour the table: auto (on a terminal, unless NO_COLOR is set), always, never");
  po::options_description hidden;
  hidden.add_options()("verb", po::value(&verb))("id", po::value(&id));
  po::positional_options_description pos;
  pos.add("verb", 1).add("id", 1);
  po::variables_map vm;
  if (auto exit = parseArguments("scans", args, opts, hidden, pos, vm)) return *exit;
  auto colorMode = parseColorMode(color);
  if ((verb != "list" && verb != "show") || !isReportFormat(format) || !colorMode) {
    std::cerr << "bulwark scans: expected 'list' or 'show' and --format "
                 "table|json|csv|sarif|ocsf|html (--color auto|always|never)\n"
              << opts << "\n";
    return kExitUsage;
  }
  try {
    if (store.empty()) store = loadConfig(configPath).storePath;
  } catch (const std::exception& e) {
    std::cerr << "bulwark scans: " << e.what() << "\n";
    return kExitUsage;
  }
  try {
    Store db(store);
    if (verb == "list") {
      for (const auto& s : db.listScans()) {
        std::cout << "#" << s.id << "  " << s.startedAt << "  " << s.status << "  " << s.resources
                  << " resources, " << s.unhealthy << " unhealthy  scopes " << s.scopes << "\n";
      }
      return kExitOk;
    }
    if (!vm.count("id")) {
      auto latest = db.latestScanId();
      if (!latest) {
        std::cerr << "bulwark scans: " << store << " holds no scans\n";
        return kExitRuntime;
      }
      id = *latest;
    }
    auto scan = db.loadScan(id);
    if (!scan) {
      std::cerr << "bulwark scans: no scan #" << id << " in " << store << "\n";
      return kExitRuntime;
    }
    RenderOptions render;
    render.color = shouldColor(*colorMode, stdoutIsTerminal(), std::getenv("NO_COLOR"));
    std::cout << renderScanReport(*scan, format, render);
    return kExitOk;
  } catch (const std::exception& e) {
    std::cerr << "bulwark scans: " << e.what() << "\n";
    return kExitRuntime;
  }
}

}  // namespace bulwark::cli
