// The Hyperscan prefilter may name too many candidates, never too few: RE2 stays the matcher
// of record. Patterns Hyperscan refuses and non-ASCII values fall back to RE2.
#include <re2/re2.h>
#include <catch2/catch.hpp>

#include <random>
#include <set>

#include "detect/rules/regex_index.h"
#include "detect/rules/regex_prefilter.h"
#include "kernel/detect/detect_test_support.h"

using namespace bulwark::detect;

namespace {

std::set<uint32_t> candidates(const RegexPrefilter& prefilter, std::string_view value,
                              bool& scanned) {
  std::set<uint32_t> out;
  scanned = prefilter.scan(value, [&](uint32_t id) { out.insert(id); });
  return out;
}

}  // namespace

TEST_CASE("regex prefilter: candidates include every pattern RE2 matches", "[detectperf][regex]") {
  const std::vector<std::string> patterns = {"\\bhistory\\s+-c\\b",
                                             "(?i)(wp-login\\.php|/\\.env\\b)",
                                             "^[23][0-9][0-9]$",
                                             "a.*b.*c",
                                             "\\d{3,}",
                                             "(^|[^>])>\\s*\\S*history",
                                             "x*",
                                             "(?U)a+",
                                             "\\x{263a}"};
  RegexPrefilter prefilter;
  REQUIRE(prefilter.build(patterns));
  CHECK(prefilter.usable());
  CHECK(prefilter.refused() == 2);  // the RE2-only non-greedy flag and a code point above 0xFF

  std::vector<std::unique_ptr<RE2>> exact;
  for (const auto& p : patterns)
    exact.push_back(std::make_unique<RE2>(p));
  std::mt19937 rng(11);
  const std::string alphabet = "abcxyz0123 ->/.\\-hisory WP-LOGIN.PHP env";
  uint64_t matches = 0, candidatesSeen = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string value;
    size_t n = rng() % 40;
    for (size_t j = 0; j < n; ++j)
      value += alphabet[rng() % alphabet.size()];
    if (i % 7 == 0) value += " history -c";
    bool scanned = false;
    auto named = candidates(prefilter, value, scanned);
    REQUIRE(scanned);
    candidatesSeen += named.size();
    for (uint32_t id = 0; id < patterns.size(); ++id) {
      if (!RE2::PartialMatch(value, *exact[id])) continue;
      ++matches;
      INFO(patterns[id] << " on '" << value << "'");
      CHECK(named.count(id) == 1);
    }
  }
  CHECK(matches > 20000);  // x* alone matches everything: the check above ran
  CHECK(candidatesSeen >= matches);
}

TEST_CASE("regex prefilter: non-ASCII values are not scanned", "[detectperf][regex]") {
  RegexPrefilter prefilter;
  REQUIRE(prefilter.build({"(?i)k"}));
  bool scanned = true;
  candidates(prefilter, "Kelvin \xE2\x84\xAA", scanned);  // U+212A KELVIN SIGN
  CHECK_FALSE(scanned);
  candidates(prefilter, "plain", scanned);
  CHECK(scanned);
  CHECK(isAscii(""));
  CHECK(isAscii("0123456789abcdef~"));
  CHECK_FALSE(isAscii("0123456789abcdef\x80"));
  CHECK_FALSE(isAscii("\xff"));
}

TEST_CASE("regex index: Unicode case folding, refused patterns and empty values answer as RE2",
          "[detectperf][regex]") {
  KeyTable keys;
  auto rules = loadRulesText(
      "- id: fold\n  title: F\n  severity: Low\n  match:\n    message: {regex: '(?i)kelvin'}\n"
      "- id: lazy\n  title: L\n  severity: Low\n  match:\n    message: {regex: '(?U)ab+c'}\n"
      "- id: empty\n  title: E\n  severity: Low\n  match:\n    message: {regex: '^x*$'}\n",
      "t.yaml", keys);
  RegexIndex index;
  index.build(rules);
  auto answers = [&](const std::string& message) {
    Event e = bulwark::test::makeEvent(keys, "t", 0, {{"message", message}});
    index.startEvent();
    std::string out;
    for (const auto& r : rules)
      out += r.match.matches(e, keys, &index) == r.match.matches(e, keys) ? "=" : "!";
    for (const auto& r : rules)
      out += r.match.matches(e, keys, &index) ? "1" : "0";
    return out;
  };
  CHECK(answers("\xE2\x84\xAA"
                "ELVIN") == "===100");  // RE2 folds the Kelvin sign to k
  CHECK(answers("xxabbbcxx") == "===010");
  CHECK(answers("") == "===001");
  CHECK(answers("KELVIN") == "===100");
}
