// The vm plugin's wtmp/btmp event sources through the real `bulwark detect`: files are made
// from text with util-linux `utmpdump -r` and the result is checked against util-linux `last`,
// which reads the same file independently. Garbage and truncated files are counted and
// reported by file and record.
#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "support/test_support.h"

using bulwark::test::runBulwark;
using bulwark::test::TempDir;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const char kRecords[] =
    "[2] [00000] [~~  ] [reboot  ] [~           ] [6.1.0-27-amd64      ] [0.0.0.0        ] "
    "[2026-11-28T08:00:00,000000+00:00]\n"
    "[1] [00053] [~~  ] [runlevel] [~           ] [6.1.0-27-amd64      ] [0.0.0.0        ] "
    "[2026-11-28T08:00:05,000000+00:00]\n"
    "[6] [00612] [tty1] [LOGIN   ] [tty1        ] [                    ] [0.0.0.0        ] "
    "[2026-11-28T08:00:06,000000+00:00]\n"
    "[7] [01234] [ts/0] [root    ] [pts/0       ] [203.0.113.7         ] [203.0.113.7    ] "
    "[2026-11-28T09:15:00,000000+00:00]\n"
    "[8] [01234] [ts/0] [        ] [pts/0       ] [                    ] [0.0.0.0        ] "
    "[2026-11-28T09:20:00,000000+00:00]\n"
    "[7] [02001] [ts/1] [alice   ] [pts/1       ] [2001:db8::5         ] [2001:db8::5    ] "
    "[2026-11-28T10:00:00,500000+00:00]\n"
    "[7] [02002] [ts/2] [bob     ] [pts/2       ] [bastion.example.org ] [198.51.100.20  ] "
    "[2026-11-28T10:30:00,000000+00:00]\n";

const char kRule[] = R"(rules:
  - id: test.wtmp.login
    title: Login recorded in wtmp
    severity: Informational
    mitre: {tactic: Initial Access, technique: T1078}
    match: {type: login.session, source: wtmp}
    threshold: {count: 1, window: 1m, group_by: [user, ip]}
    entities: [tty, src_host]
)";

bool haveUtilLinux() {
  return std::system("command -v utmpdump >/dev/null 2>&1 && command -v last >/dev/null 2>&1") == 0;
}

std::string run(const std::string& command) {
  auto r = bulwark::test::runShell(command);
  REQUIRE(r.exitCode == 0);
  return r.out;
}

fs::path makeWtmp(const TempDir& dir) {
  bulwark::test::writeFile(dir / "wtmp.txt", kRecords);
  run("utmpdump -r < " + (dir / "wtmp.txt").string() + " > " + (dir / "wtmp").string() +
      " 2>/dev/null");
  return dir / "wtmp";
}

std::string statsLine(const std::string& err) {
  std::smatch m;
  std::regex line(R"((\d+) lines, (\d+) events, (\d+) unparsed)");
  return std::regex_search(err, m, line) ? m.str(0) : "";
}

}  // namespace

TEST_CASE("wtmp made by utmpdump is read by the vm plugin as last reads it",
          "[sdkevents][wtmp][cli]") {
  if (!haveUtilLinux()) {
    BULWARK_SKIP("utmpdump or last missing (util-linux): skipped");
    return;
  }
  TempDir dir;
  fs::path wtmp = makeWtmp(dir);
  REQUIRE(fs::file_size(wtmp) == 7 * 384);
  bulwark::test::writeFile(dir / "rule.yaml", kRule);
  auto config = bulwark::test::writeConfig(dir, {{"vm", ""}}, {});
  auto r = runBulwark({"detect", "--source", "wtmp:" + wtmp.string(), "--rules",
                       (dir / "rule.yaml").string(), "--config", config.string(), "--format",
                       "json", "--no-ueba"});
  INFO(r.err);
  REQUIRE(r.exitCode == 0);
  CHECK(statsLine(r.err) == "7 lines, 7 events, 0 unparsed");
  std::set<std::pair<std::string, std::string>> fromBulwark;
  size_t rootSessions = 0;
  for (const auto& a : json::parse(r.out)) {
    if (a["rule"] == "linux.wtmp.root-remote-session") {  // the vm pack's own wtmp rule
      ++rootSessions;
      CHECK(a["entities"].dump().find("203.0.113.7") != std::string::npos);
      continue;
    }
    REQUIRE(a["rule"] == "test.wtmp.login");
    std::string user, ip;
    for (const auto& e : a["entities"]) {
      if (e["type"] == "user") user = e["value"];
      if (e["type"] == "ip") ip = e["value"];
    }
    fromBulwark.insert({user, ip});
    if (user == "bob") {
      CHECK(a["entities"].dump().find("bastion.example.org") != std::string::npos);
    }
    if (user == "alice") CHECK(a["firstSeen"] == "2026-11-28T10:00:00Z");
  }
  // `last -w -i`: user, tty, address, ... for each session; reboot lines aside.
  std::set<std::pair<std::string, std::string>> fromLast;
  std::istringstream last(run("last -w -i -f " + wtmp.string()));
  for (std::string line; std::getline(last, line);) {
    std::istringstream words(line);
    std::string user, tty, ip;
    if (!(words >> user >> tty >> ip) || user == "reboot" || user == "wtmp") continue;
    fromLast.insert({user, ip});
  }
  CHECK(fromLast.size() == 3);
  CHECK(fromBulwark == fromLast);
  CHECK(rootSessions == 1);
}

TEST_CASE("btmp made by utmpdump: password guessing from one address, as lastb counts it",
          "[sdkevents][wtmp][cli]") {
  if (!haveUtilLinux() || std::system("command -v lastb >/dev/null 2>&1") != 0) {
    BULWARK_SKIP("utmpdump or lastb missing (util-linux): skipped");
    return;
  }
  TempDir dir;
  // What sshd writes to btmp for failed logins: LOGIN_PROCESS records with the tried user.
  std::string text;
  const char* users[] = {"root", "admin", "test", "oracle"};
  for (int i = 0; i < 12; ++i) {
    char line[300];
    std::snprintf(line, sizeof line,
                  "[6] [%05d] [    ] [%-8s] [ssh:notty   ] [198.51.100.23       ] "
                  "[198.51.100.23  ] [2026-11-28T03:%02d:%02d,000000+00:00]\n",
                  3000 + i, users[i % 4], i / 4, (i * 17) % 60);
    text += line;
  }
  for (int i = 0; i < 3; ++i) {
    char line[300];
    std::snprintf(line, sizeof line,
                  "[6] [%05d] [    ] [alice   ] [ssh:notty   ] [203.0.113.99        ] "
                  "[203.0.113.99   ] [2026-11-28T04:0%d:00,000000+00:00]\n",
                  4000 + i, i);
    text += line;
  }
  bulwark::test::writeFile(dir / "btmp.txt", text);
  run("utmpdump -r < " + (dir / "btmp.txt").string() + " > " + (dir / "btmp").string() +
      " 2>/dev/null");
  // lastb's count per address, independently of bulwark.
  std::map<std::string, int> perAddress;
  std::istringstream lastb(run("lastb -w -i -f " + (dir / "btmp").string()));
  for (std::string line; std::getline(lastb, line);) {
    std::istringstream words(line);
    std::string user, tty, ip;
    if (words >> user >> tty >> ip && user != "btmp") ++perAddress[ip];
  }
  REQUIRE(perAddress == std::map<std::string, int>{{"198.51.100.23", 12}, {"203.0.113.99", 3}});
  auto config = bulwark::test::writeConfig(dir, {{"vm", ""}}, {});
  auto r = runBulwark({"detect", "--source", "btmp:" + (dir / "btmp").string(), "--config",
                       config.string(), "--format", "json", "--no-ueba"});
  INFO(r.err);
  REQUIRE(r.exitCode == 0);
  CHECK(statsLine(r.err) == "15 lines, 15 events, 0 unparsed");
  std::vector<json> guessing;
  for (const auto& a : json::parse(r.out)) {
    if (a["rule"] == "linux.btmp.password-guessing") guessing.push_back(a);
  }
  REQUIRE(guessing.size() == 1);
  CHECK(guessing[0]["entities"].dump().find("198.51.100.23") != std::string::npos);
  CHECK(guessing[0]["eventCount"].get<int>() >= 10);
  CHECK(guessing[0]["mitre"]["technique"] == "T1110.001");
}

TEST_CASE("a truncated wtmp and random bytes are reported by file and record, never a crash",
          "[sdkevents][wtmp][cli]") {
  if (!haveUtilLinux()) {
    BULWARK_SKIP("utmpdump missing (util-linux): skipped");
    return;
  }
  TempDir dir;
  fs::path wtmp = makeWtmp(dir);
  std::string bytes = bulwark::test::readFile(wtmp);
  bulwark::test::writeFile(dir / "truncated", bytes.substr(0, 3 * 384 + 100));
  std::string noise;
  uint32_t x = 12345;
  for (int i = 0; i < 5 * 384; ++i) {
    x = x * 1103515245 + 12345;
    noise.push_back(static_cast<char>(x >> 16));
  }
  bulwark::test::writeFile(dir / "noise", noise);
  auto config = bulwark::test::writeConfig(dir, {{"vm", ""}}, {});
  auto r = runBulwark({"detect", "--source", "wtmp:" + (dir / "truncated").string(), "--source",
                       "btmp:" + (dir / "noise").string(), "--config", config.string(), "--format",
                       "json", "--no-ueba"});
  INFO(r.err);
  REQUIRE(r.exitCode == 0);
  CHECK(statsLine(r.err) == "9 lines, 3 events, 6 unparsed");
  CHECK_THAT(r.err, Catch::Contains((dir / "truncated").string() +
                                    ":4: skipped: 100 bytes at byte 1152 do not form a whole "
                                    "record (the file ends inside one)"));
  CHECK_THAT(r.err, Catch::Contains((dir / "noise").string() + ":1: skipped: record 1 at byte 0:"));
}

TEST_CASE("an unknown source type names the kernel's and the plugins' types",
          "[sdkevents][wtmp][cli]") {
  TempDir dir;
  bulwark::test::writeFile(dir / "x.log", "x\n");
  auto config = bulwark::test::writeConfig(dir, {{"vm", ""}}, {});
  auto r = runBulwark(
      {"detect", "--source", "lastlog:" + (dir / "x.log").string(), "--config", config.string()});
  CHECK(r.exitCode == 2);
  CHECK_THAT(r.err, Catch::Contains("lastlog") && Catch::Contains("wtmp (plugin vm)") &&
                        Catch::Contains("btmp (plugin vm)"));
}

TEST_CASE("wtmp is followed: appended records once, a partial record when complete, rotation",
          "[sdkevents][wtmp][cli][follow]") {
  if (!haveUtilLinux()) {
    BULWARK_SKIP("utmpdump missing (util-linux): skipped");
    return;
  }
  TempDir dir;
  std::string records = bulwark::test::readFile(makeWtmp(dir));  // 7 records
  fs::path wtmp = dir / "followed-wtmp";
  auto config = bulwark::test::writeConfig(dir, {{"vm", ""}}, {});
  auto follow = [&] {
    auto r = runBulwark({"detect", "--follow", "--max-polls", "2", "--poll-ms", "10", "--source",
                         "wtmp:" + wtmp.string(), "--config", config.string(), "--no-ueba"});
    INFO(r.err);
    REQUIRE(r.exitCode == 0);
    return statsLine(r.err);
  };
  bulwark::test::writeFile(wtmp, records.substr(0, 4 * 384));
  CHECK(follow() == "4 lines, 4 events, 0 unparsed");
  // Two more records and half of a third: the half waits for the rest.
  bulwark::test::writeFile(wtmp, records.substr(0, 6 * 384 + 200));
  CHECK(follow() == "2 lines, 2 events, 0 unparsed");
  bulwark::test::writeFile(wtmp, records);
  CHECK(follow() == "1 lines, 1 events, 0 unparsed");
  CHECK(follow() == "0 lines, 0 events, 0 unparsed");
  // Rotated: one record was appended to the old file before it moved; the new file has two.
  bulwark::test::writeFile(wtmp, records + records.substr(3 * 384, 384));
  fs::rename(wtmp, dir / "followed-wtmp.1");
  bulwark::test::writeFile(wtmp, records.substr(0, 2 * 384));
  CHECK(follow() == "3 lines, 3 events, 0 unparsed");
}
