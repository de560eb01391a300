// The reader's hot path: lines split from large blocks (long lines, no final newline, CRLF)
// and one event reused for every line without leaking fields from one line into the next.
#include <arpa/inet.h>

#include <catch2/catch.hpp>
#include <random>

#include "kernel/detect/detect_test_support.h"
#include "support/test_support.h"

using namespace bulwark::detect;

TEST_CASE("addresses parsed by hand agree with inet_pton", "[detectperf][event]") {
  std::mt19937 rng(11);
  const std::string alphabet = "0123456789.....:af";
  std::vector<std::string> samples = {"0.0.0.0",   "1.2.3.4", "01.2.3.4",    "255.255.255.255",
                                      "256.1.1.1", "1.2.3",   "1.2.3.4.5",   "1..2.3",
                                      "1.2.3.",    "::1",     "2001:db8::7", "::ffff:1.2.3.4",
                                      "1.2.3.4 ",  ""};
  for (int i = 0; i < 20000; ++i) {
    std::string s;
    size_t n = 1 + rng() % 16;
    for (size_t j = 0; j < n; ++j)
      s += alphabet[rng() % alphabet.size()];
    samples.push_back(s);
  }
  const char* parts[] = {"0", "00", "7", "010", "255", "256", "99", "1000", "", "12"};
  for (int i = 0; i < 5000; ++i) {
    std::string s = parts[rng() % 10];
    for (size_t j = 0, n = 2 + rng() % 4; j < n; ++j)
      s += std::string(".") + parts[rng() % 10];
    samples.push_back(s);
  }
  size_t valid = 0;
  for (const auto& s : samples) {
    unsigned char expected[16] = {};
    bool v4 = inet_pton(AF_INET, s.c_str(), expected) == 1;
    bool v6 = !v4 && inet_pton(AF_INET6, s.c_str(), expected) == 1;
    bool isV6 = false;
    std::array<uint8_t, 16> got{};
    INFO("'" << s << "'");
    REQUIRE(CidrBlock::parseIp(s, isV6, got) == (v4 || v6));
    if (v4 || v6) {
      ++valid;
      CHECK(isV6 == v6);
      CHECK(std::equal(got.begin(), got.begin() + (v6 ? 16 : 4), expected));
    }
  }
  CHECK(valid > 100);
}

TEST_CASE("event reset keeps no field of the previous record", "[detectperf][event]") {
  KeyTable keys;
  Event e;
  e.set(keys::kIp, std::string_view("192.0.2.1"));
  e.set(keys::kUser, "root");
  e.set(keys::kMessage, std::string(200, 'm'));
  e.raw = "first";
  e.type = keys.intern("a");
  e.reset();
  CHECK(e.fields.empty());
  CHECK(e.raw.empty());
  CHECK(e.type == 0);
  CHECK_FALSE(e.has(keys::kIp));
  CHECK(e.get(keys::kMessage, keys).empty());
  e.set(keys::kUser, std::string_view("admin"));
  e.set(keys::kMessage, "short");
  e.set(keys::kUser, "other");  // set replaces
  REQUIRE(e.fields.size() == 2);
  CHECK(e.get(keys::kUser, keys) == "other");
  CHECK(e.get(keys::kMessage, keys) == "short");
  CHECK_FALSE(e.has(keys::kIp));
}

TEST_CASE("syslog reader over blocks: long lines, CRLF, no final newline, garbage",
          "[detectperf][readers]") {
  KeyTable keys;
  bulwark::test::TempDir dir;
  std::string longMessage(3 << 20, 'x');  // three times the read block
  std::string text =
      "Nov 29 01:00:00 h sshd[1]: Failed password for root from 192.0.2.1 port 22 ssh2\r\n"
      "Nov 29 01:00:01 h app[2]: " +
      longMessage +
      "\n"
      "\n"
      "garbage that is no syslog line\n"
      "Nov 29 01:00:02 h sshd[3]: Accepted password for bob from 192.0.2.2 port 22 ssh2\n"
      "Nov 29 01:00:03 h sshd[4]: Invalid user zz from 192.0.2.3 port 9";  // no newline
  bulwark::test::writeFile(dir / "auth.log", text);
  auto read = bulwark::test::readPath(keys, "syslog", (dir / "auth.log").string());
  CHECK(read.stats.lines == 5);
  CHECK(read.stats.failed == 1);
  REQUIRE(read.stats.failures.size() == 1);
  CHECK(read.stats.failures[0].line == 4);  // the blank line 3 still counts as a line number
  REQUIRE(read.events.size() == 4);
  CHECK(read.events[0].raw.back() != '\r');
  CHECK(read.events[0].get(keys::kIp, keys) == "192.0.2.1");
  CHECK(read.events[1].get(keys::kMessage, keys).size() == longMessage.size());
  CHECK_FALSE(read.events[1].has(keys::kIp));  // nothing left over from line 1
  CHECK(read.events[2].line == 5);
  CHECK(read.events[2].get(keys::kUser, keys) == "bob");
  CHECK(read.events[3].line == 6);
  CHECK(read.events[3].get(keys::kUser, keys) == "zz");
  CHECK(read.events[3].get(keys::kPort, keys) == "9");
  CHECK_FALSE(read.events[3].has(keys.intern("invalid_user")));
}

TEST_CASE("a reused event evaluated in place gives the alerts of fresh events",
          "[detectperf][readers]") {
  // The engine evaluates the reader's one event in place; with a reorder window it must keep
  // its own copy. Both give the alerts that collected events give.
  KeyTable keys;
  bulwark::test::TempDir dir;
  std::string text;
  for (int i = 0; i < 30; ++i)
    text += "Nov 29 01:00:" + std::string(i < 10 ? "0" : "") + std::to_string(i) +
            " h sshd[1]: Failed password for u" + std::to_string(i) + " from 192.0.2." +
            std::to_string(i % 2) + " port 22 ssh2\n";
  bulwark::test::writeFile(dir / "auth.log", text);
  const std::string rules =
      "- id: brute\n  title: B\n  severity: Medium\n  match: {type: ssh.login.failed}\n"
      "  threshold: {count: 10, window: 10m, group_by: [ip], distinct: user}\n";
  auto collected = bulwark::test::readPath(keys, "syslog", (dir / "auth.log").string());
  auto expected = bulwark::test::runRules(keys, rules, collected.events);
  REQUIRE(expected.size() == 2);
  for (int64_t window : {int64_t{0}, int64_t{5'000'000'000}}) {
    EngineOptions options;
    options.reorderWindowNs = window;
    Engine engine(loadRulesText(rules, "t.yaml", keys), keys, options);
    ReaderOptions readerOptions;
    readerOptions.defaultYear = 2026;
    readSource("syslog", (dir / "auth.log").string(), keys, readerOptions,
               [&](Event&& e) { engine.push(std::move(e)); });
    engine.flush();
    REQUIRE(engine.alerts().size() == expected.size());
    for (size_t i = 0; i < expected.size(); ++i) {
      CHECK(engine.alerts()[i].evidence == expected[i].evidence);
      CHECK(engine.alerts()[i].entities == expected[i].entities);
    }
  }
}
