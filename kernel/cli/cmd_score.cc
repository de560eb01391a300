#include <boost/program_options.hpp>
#include <cstdio>
#include <iostream>

#include "cli/commands.h"
#include "report/report.h"
#include "report/scan_diff.h"
#include "scan/scan_runner.h"
#include "score/score_history.h"
#include "score/secure_score.h"
#include "store/store.h"

namespace bulwark::cli {
namespace po = boost::program_options;

namespace {

std::string percent(double fraction) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f%%", fraction * 100);
  return buf;
}

std::string points(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

// The trend: one line per scan with its date, score and change from the scan before.
void printScoreHistory(const std::vector<ScoreHistoryEntry>& history, const std::string& format,
                       bool stored) {
  if (format == "json") {
    nlohmann::json rows = nlohmann::json::array();
    for (const auto& e : history) {
      rows.push_back({{"scan", e.scanId},
                      {"startedAt", e.startedAt},
                      {"percentage", e.percentage},
                      {"current", roundTo4(e.current)},
                      {"max", e.max},
                      {"change", e.change ? nlohmann::json(*e.change) : nlohmann::json()},
                      {"stored", stored}});
    }
    std::cout << rows.dump(2) << "\n";
    return;
  }
  std::printf("%-6s  %-20s  %8s  %-16s  %s\n", "scan", "date", "score", "points", "change");
  for (const auto& e : history) {
    std::string pts = points(e.current) + " of " + std::to_string(e.max);
    std::string change = "-";
    if (e.change) change = (*e.change >= 0 ? "+" : "") + percent(*e.change);
    std::printf("#%-5lld  %-20s  %8s  %-16s  %s\n", static_cast<long long>(e.scanId),
                e.startedAt.c_str(), percent(e.percentage).c_str(), pts.c_str(), change.c_str());
  }
  if (history.empty()) std::printf("(no stored scan has a result in this scope)\n");
}

std::string storePathFrom(const std::string& store, const std::string& configPath) {
  return store.empty() ? loadConfig(configPath).storePath : store;
}

}  // namespace

int scoreCommand(const Args& args) {
  po::options_description opts(
      "Usage: bulwark score [options]\n\n"
      "Secure Score of a stored scan (default: the latest), overall or inside scopes, with each\n"
      "control's points and potential increase; --history shows the trend over all scans.\n\n"
      "Options");
  std::string configPath, store, format = "table";
  std::vector<std::string> scopes;
  int64_t scanId = 0;
  opts.add_options()("help,h", "show this help")(
      "config,c", po::value(&configPath)->default_value("config/bulwark.yaml"),
      "configuration file (gives the store path)")("store", po::value(&store), "SQLite store file")(
      "scope,s", po::value(&scopes), "limit to an ARM scope; repeatable")(
      "scan", po::value(&scanId), "the scan to score (default: the latest)")(
      "history", "the score of every stored scan, oldest first, with the change")(
      "format,f", po::value(&format), "table or json");
  po::variables_map vm;
  if (auto exit = parseArguments("score", args, opts, {}, {}, vm)) return *exit;
  if (!isOutputFormat(format)) {
    std::cerr << "bulwark score: --format must be table or json\n";
    return kExitUsage;
  }
  std::vector<ResourceId> parsedScopes;
  std::string storePath;
  try {
    parsedScopes = parseScopes(scopes);
    storePath = storePathFrom(store, configPath);
  } catch (const std::exception& e) {
    std::cerr << "bulwark score: " << e.what() << "\n";
    return kExitUsage;
  }
  std::string label;
  for (const auto& s : scopes)
    label += (label.empty() ? "" : ", ") + s;
  // Overall and per-subscription scores are stored with each scan; other scopes are computed.
  std::optional<std::string> storedScope;
  if (parsedScopes.empty()) {
    storedScope = "";
  } else if (parsedScopes.size() == 1 && parsedScopes[0].resourceGroup().empty() &&
             parsedScopes[0].type().empty()) {
    storedScope = parsedScopes[0].text();
  }
  try {
    Store db(storePath);
    if (vm.count("history")) {
      std::vector<ScoreHistoryEntry> history;
      if (storedScope) {
        history = scoreHistory(storePath, *storedScope);
      } else {
        for (const auto& summary : db.listScans()) {
          auto scan = db.loadScan(summary.id);
          if (!scan) continue;
          SecureScore s = computeSecureScore(*scan, parsedScopes, label);
          ScoreHistoryEntry e{scan->id, scan->startedAt, s.percentage, s.current, s.max, {}};
          if (!history.empty()) e.change = roundTo4(e.percentage - history.back().percentage);
          history.push_back(e);
        }
      }
      printScoreHistory(history, format, storedScope.has_value());
      return kExitOk;
    }
    if (!vm.count("scan")) {
      auto latest = db.latestScanId();
      if (!latest) {
        std::cerr << "bulwark score: " << storePath << " holds no scans\n";
        return kExitRuntime;
      }
      scanId = *latest;
    }
    auto scan = db.loadScan(scanId);
    if (!scan) {
      std::cerr << "bulwark score: no scan #" << scanId << " in " << storePath << "\n";
      return kExitRuntime;
    }
    std::optional<SecureScore> stored;
    if (storedScope) {
      stored = loadScanScore(storePath, scan->id, *storedScope);
      if (!stored) {
        saveScanScores(storePath, *scan);
        stored = loadScanScore(storePath, scan->id, *storedScope);
      }
    }
    SecureScore s = stored ? *stored : computeSecureScore(*scan, parsedScopes, label);
    if (s.scope.empty()) s.scope = label;
    if (format == "json") {
      nlohmann::json out = secureScoreJson(s);
      out["scan"] = scan->id;
      std::cout << out.dump(2) << "\n";
      return kExitOk;
    }
    std::cout << "Secure Score of scan #" << scan->id << (label.empty() ? "" : " in " + label)
              << ": " << percent(s.percentage) << "  (" << points(s.current) << " of " << s.max
              << " points)\n\n";
    for (const auto& c : s.controls) {
      size_t counted = c.healthyResources + c.unhealthyResources;
      if (counted == 0) continue;
      std::cout << "  " << c.name << ": " << points(c.current) << " / " << c.maxPoints
                << ", potential increase +" << points(c.potentialIncrease) << " ("
                << c.unhealthyResources << " of " << counted << " resources unhealthy)\n";
    }
    return kExitOk;
  } catch (const std::exception& e) {
    std::cerr << "bulwark score: " << e.what() << "\n";
    return kExitRuntime;
  }
}

int diffCommand(const Args& args) {
  po::options_description opts(
      "Usage: bulwark diff A B [options]\n\n"
      "Compares two stored scans: findings new in B, resolved since A, still failing, and the\n"
      "change in Secure Score. A finding is an assessment on a resource.\n\nOptions");
  std::string configPath, store, format = "table";
  int64_t a = 0, b = 0;
  opts.add_options()("help,h", "show this help")(
      "config,c", po::value(&configPath)->default_value("config/bulwark.yaml"),
      "configuration file (gives the store path)")("store", po::value(&store), "SQLite store file")(
      "format,f", po::value(&format), "table or json");
  po::options_description hidden;
  hidden.add_options()("a", po::value(&a))("b", po::value(&b));
  po::positional_options_description pos;
  pos.add("a", 1).add("b", 1);
  po::variables_map vm;
  if (auto exit = parseArguments("diff", args, opts, hidden, pos, vm)) return *exit;
  if (!isOutputFormat(format)) {
    std::cerr << "bulwark diff: --format must be table or json\n";
    return kExitUsage;
  }
  if (!vm.count("a") || !vm.count("b")) {
    std::cerr << "bulwark diff: name two scans, e.g. bulwark diff 3 4\n";
    return kExitUsage;
  }
  try {
    Store db(storePathFrom(store, configPath));
    auto older = db.loadScan(a), newer = db.loadScan(b);
    if (!older || !newer) {
      std::cerr << "bulwark diff: no scan #" << (!older ? a : b) << " in " << db.path() << "\n";
      return kExitRuntime;
    }
    ScanDiff d = diffScans(*older, *newer);
    auto list = [](const std::vector<Finding>& fs) {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& f : fs) {
        out.push_back({{"findingId", f.id},
                       {"assessmentId", f.assessmentId},
                       {"resourceId", f.resourceId},
                       {"before", stateName(f.before)},
                       {"after", stateName(f.after)},
                       {"reason", f.reason}});
      }
      return out;
    };
    if (format == "json") {
      nlohmann::json out = {{"from", d.fromScan},
                            {"to", d.toScan},
                            {"new", list(d.added)},
                            {"resolved", list(d.resolved)},
                            {"stillFailing", list(d.still)},
                            {"scoreBefore", d.scoreBefore},
                            {"scoreAfter", d.scoreAfter},
                            {"scoreChange", roundTo4(d.scoreAfter - d.scoreBefore)}};
      std::cout << out.dump(2) << "\n";
      return kExitOk;
    }
    std::cout << "Scan #" << d.fromScan << " -> #" << d.toScan << ": Secure Score "
              << percent(d.scoreBefore) << " -> " << percent(d.scoreAfter) << "\n";
    auto print = [](const char* title, const std::vector<Finding>& fs) {
      std::cout << "\n" << title << " (" << fs.size() << ")\n";
      for (const auto& f : fs) {
        std::cout << "  " << f.assessmentId << "  " << f.resourceId << "\n";
      }
    };
    print("New", d.added);
    print("Resolved", d.resolved);
    print("Still failing", d.still);
    return kExitOk;
  } catch (const std::exception& e) {
    std::cerr << "bulwark diff: " << e.what() << "\n";
    return kExitRuntime;
  }
}

}  // namespace bulwark::cli
