#include <boost/program_options.hpp>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "compliance/control_verdicts.h"
#include "scan/scan_runner.h"
#include "store/store.h"

namespace bulwark::cli {
namespace po = boost::program_options;
using compliance::ComplianceReport;
using compliance::ControlStatus;

namespace {

nlohmann::json reportJson(const ComplianceReport& r, int64_t scanId,
                          const std::vector<std::string>& scopes) {
  nlohmann::json controls = nlohmann::json::array();
  for (const auto& c : r.controls) {
    nlohmann::json failing = nlohmann::json::array();
    for (const auto& f : c.failing) {
      failing.push_back(
          {{"assessmentId", f.id}, {"title", f.title}, {"failingResources", f.failingResources}});
    }
    controls.push_back({{"id", c.id},
                        {"title", c.title},
                        {"status", compliance::statusName(c.status)},
                        {"assessments", c.assessments},
                        {"healthyResources", c.healthyResources},
                        {"unhealthyResources", c.unhealthyResources},
                        {"failingAssessments", failing}});
  }
  return {{"standard", r.standardId},
          {"name", r.standardName},
          {"scan", scanId},
          {"scopes", scopes},
          {"passed", r.passed},
          {"failed", r.failed},
          {"notAssessed", r.notAssessed},
          {"controls", controls}};
}

void printTable(const ComplianceReport& r, int64_t scanId, const std::string& label) {
  std::cout << r.standardName << " - scan #" << scanId << (label.empty() ? "" : " in " + label)
            << ": " << r.passed << " passed, " << r.failed << " failed, " << r.notAssessed
            << " not assessed\n\n";
  for (const auto& c : r.controls) {
    std::string title = c.title.size() > 70 ? c.title.substr(0, 67) + "..." : c.title;
    std::printf("  %-12s %-13s %s\n", c.id.c_str(), compliance::statusName(c.status),
                title.c_str());
    if (c.status != ControlStatus::NotAssessed) {
      std::printf("  %-12s %-13s %zu healthy, %zu unhealthy resource(s)\n", "", "",
                  c.healthyResources, c.unhealthyResources);
    }
    for (const auto& f : c.failing) {
      std::printf("  %-12s %-13s x %s (%zu resource(s))\n", "", "", f.id.c_str(),
                  f.failingResources);
    }
  }
}

}  // namespace

int complianceCommand(const Args& args) {
  po::options_description opts(
      "Usage: bulwark compliance --standard ID [options]\n"
      "       bulwark compliance --list\n\n"
      "Regulatory compliance of a stored scan (default: the latest): every control of the\n"
      "standard as passed, failed or not assessed, with the failing assessments and how many\n"
      "resources fail them. Standards are the YAML files of the standards folder.\n\nOptions");
  std::string configPath, store, standardsDir, standardId, format = "table";
  std::vector<std::string> scopes;
  int64_t scanId = 0;
  opts.add_options()("help,h", "show this help")("list", "list the standards")(
      "standard", po::value(&standardId), "the standard to show (an id from --list)")(
      "config,c", po::value(&configPath)->default_value("config/bulwark.yaml"),
      "configuration file (gives the store path)")("store", po::value(&store), "SQLite store file")(
      "standards", po::value(&standardsDir),
      "folder of standard files (default: compliance/ beside the configuration file)")(
      "scope,s", po::value(&scopes), "limit to an ARM scope; repeatable")(
      "scan", po::value(&scanId), "the scan (default: the latest)")("format,f", po::value(&format),
                                                                    "table or json");
  po::variables_map vm;
  if (auto exit = parseArguments("compliance", args, opts, {}, {}, vm)) return *exit;
  if (!isOutputFormat(format)) {
    std::cerr << "bulwark compliance: --format must be table or json\n";
    return kExitUsage;
  }
  if (!vm.count("list") && standardId.empty()) {
    std::cerr << "bulwark compliance: name a standard with --standard ID, or use --list\n";
    return kExitUsage;
  }
  if (standardsDir.empty()) {
    standardsDir = (std::filesystem::path(configPath).parent_path() / "compliance").string();
  }
  std::vector<compliance::Standard> standards;
  std::vector<ResourceId> parsedScopes;
  try {
    standards = compliance::loadStandards(standardsDir);
    parsedScopes = parseScopes(scopes);
  } catch (const std::exception& e) {
    std::cerr << "bulwark compliance: " << e.what() << "\n";
    return kExitUsage;
  }
  if (vm.count("list")) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& s : standards) {
      list.push_back(
          {{"id", s.id}, {"name", s.name}, {"controls", s.controls.size()}, {"source", s.source}});
      if (format == "table") {
        std::printf("%-24s %4zu controls  %s\n", s.id.c_str(), s.controls.size(), s.name.c_str());
      }
    }
    if (format == "json") std::cout << list.dump(2) << "\n";
    return kExitOk;
  }
  const compliance::Standard* standard = nullptr;
  for (const auto& s : standards) {
    if (equalsIgnoreCase(s.id, standardId)) standard = &s;
  }
  if (standard == nullptr) {
    std::cerr << "bulwark compliance: no standard '" << standardId << "' in " << standardsDir
              << " (see --list)\n";
    return kExitUsage;
  }
  try {
    Store db(store.empty() ? loadConfig(configPath).storePath : store);
    if (!vm.count("scan")) {
      auto latest = db.latestScanId();
      if (!latest) {
        std::cerr << "bulwark compliance: " << db.path() << " holds no scans\n";
        return kExitRuntime;
      }
      scanId = *latest;
    }
    auto scan = db.loadScan(scanId);
    if (!scan) {
      std::cerr << "bulwark compliance: no scan #" << scanId << " in " << db.path() << "\n";
      return kExitRuntime;
    }
    ComplianceReport report = compliance::assessCompliance(*standard, *scan, parsedScopes);
    if (format == "json") {
      std::cout << reportJson(report, scan->id, scopes).dump(2) << "\n";
    } else {
      std::string label;
      for (const auto& s : scopes)
        label += (label.empty() ? "" : ", ") + s;
      printTable(report, scan->id, label);
    }
    return kExitOk;
  } catch (const std::exception& e) {
    std::cerr << "bulwark compliance: " << e.what() << "\n";
    return kExitRuntime;
  }
}

}  // namespace bulwark::cli
