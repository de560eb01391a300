// The shipped rule pack over real corpus logs, with the expected alerts computed here from the
// raw text, independently of the readers and the engine.
#include <catch2/catch.hpp>
#include <fstream>
#include <map>
#include <regex>
#include <set>

#include "kernel/detect/detect_test_support.h"
#include "support/test_support.h"

using namespace bulwark::detect;
using bulwark::test::entityValues;
namespace fs = std::filesystem;

namespace {

fs::path logs() {
  fs::path c = bulwark::test::corpusDir();
  return c.empty() ? c : c / "logs";
}

std::vector<Alert> runPack(KeyTable& keys, const std::string& type, const fs::path& file) {
  // The vm plugin's SSH pack, as `bulwark detect` runs it. (The web rules and their corpus
  // tests are the appservice plugin's: tests/plugins/appservice/web_corpus_test.cc.)
  std::vector<Rule> rules = loadRulesPath(bulwark::test::sshRulePack().string(), keys);
  Engine engine(std::move(rules), keys);
  ReaderOptions options;
  options.defaultYear = 2017;
  readSource(type, file.string(), keys, options, [&](Event&& e) { engine.push(std::move(e)); });
  engine.flush();
  return engine.alerts();
}

std::set<std::string> alertedValues(const std::vector<Alert>& alerts, const std::string& rule,
                                    const std::string& entity) {
  std::set<std::string> out;
  for (const auto& a : alerts) {
    if (a.ruleId == rule) {
      for (const auto& v : entityValues(a, entity))
        out.insert(v);
    }
  }
  return out;
}

}  // namespace

TEST_CASE("OpenSSH_2k: brute-force sources match a count from the raw text", "[detect][corpus]") {
  if (logs().empty()) {
    BULWARK_SKIP("corpus absent: skipped");
    return;
  }
  fs::path file = logs() / "loghub" / "OpenSSH" / "OpenSSH_2k.log";
  // Seconds of the day and source of every failed login; the log covers one day.
  const std::regex failed(R"(^\w+ +\d+ (\d\d):(\d\d):(\d\d) .*\]: Failed \S+ for .* from (\S+) )");
  const std::regex repeated(
      R"(^\w+ +\d+ (\d\d):(\d\d):(\d\d) .*message repeated (\d+) times: \[ Failed .* from (\S+) )");
  const std::regex accepted(R"(\]: Accepted \S+ for \S+ from (\S+) )");
  std::map<std::string, std::vector<int>> times;
  std::set<std::string> acceptedIps;
  std::ifstream in(file);
  for (std::string line; std::getline(in, line);) {
    std::smatch m;
    auto secs = [&](int h) {
      return std::stoi(m[h]) * 3600 + std::stoi(m[h + 1]) * 60 + std::stoi(m[h + 2]);
    };
    if (std::regex_search(line, m, failed)) {
      times[m[4]].push_back(secs(1));
    } else if (std::regex_search(line, m, repeated)) {
      for (int i = 0; i < std::stoi(m[4]); ++i)
        times[m[5]].push_back(secs(1));
    }
    if (std::regex_search(line, m, accepted)) acceptedIps.insert(m[1]);
  }
  // The pack's rule: 10 failures from one address within 10 minutes.
  std::set<std::string> expected;
  for (auto& [ip, t] : times) {
    std::sort(t.begin(), t.end());
    for (size_t i = 0; i + 9 < t.size(); ++i) {
      if (t[i + 9] - t[i] <= 600) {
        expected.insert(ip);
        break;
      }
    }
  }
  REQUIRE(expected.size() >= 3);

  KeyTable keys;
  auto alerts = runPack(keys, "auth.log", file);
  CHECK(alertedValues(alerts, "ssh.bruteforce.source-ip", "ip") == expected);
  for (const auto& a : alerts) {
    CHECK(!a.tactic.empty());
    CHECK(!a.evidence.empty());
  }
  // The one accepted login came from an address with no failures: not a successful brute
  // force.
  REQUIRE(acceptedIps.size() == 1);
  CHECK(times.count(*acceptedIps.begin()) == 0);
  CHECK(alertedValues(alerts, "ssh.bruteforce.success", "ip").empty());
}
