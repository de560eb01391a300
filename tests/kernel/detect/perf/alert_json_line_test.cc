// The streamed JSON Lines writer must give exactly the bytes of the document-tree serializer,
// hostile strings included.
#include <catch2/catch.hpp>

#include <random>

#include "detect/alert_format.h"
#include "detect/alert_json_line.h"
#include "kernel/siem/alert_samples.h"

using namespace bulwark::detect;
using bulwark::test::hostileAlert;
using bulwark::test::sampleAlert;

namespace {

std::string reference(const Alert& a) {
  return alertJson(a).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string fast(const Alert& a) {
  std::string out;
  appendAlertJsonLine(a, out);
  return out;
}

}  // namespace

TEST_CASE("alert JSON line: same bytes as the document serializer", "[detectperf][json]") {
  Alert a = sampleAlert();
  CHECK(fast(a) == reference(a));
  a.id = 0;  // the optional members absent
  a.resourceId.clear();
  CHECK(fast(a) == reference(a));
  a.id = 42;
  a.resourceId = "/subscriptions/S/resourceGroups/RG";
  a.suppressedBy = "#3: pen test \"week\"";
  a.status = "suppressed";
  CHECK(fast(a) == reference(a));
  a.entities.clear();
  a.evidence.clear();
  a.firstNs = -1500000000;  // before 1970, not on a second
  CHECK(fast(a) == reference(a));
}

TEST_CASE("alert JSON line: hostile strings are escaped as the serializer escapes them",
          "[detectperf][json]") {
  const std::vector<std::string> hostile = {
      "quote \" backslash \\ slash /",
      "tab\tnewline\ncarriage\rbell\x07 nul" + std::string(1, '\0') + "end",
      "del \x7f",
      "caf\xC3\xA9 \xE2\x84\xAA \xF0\x9F\x98\x80",  // valid UTF-8
      "bad \xff\xfe and truncated \xE2\x84",        // invalid UTF-8: replaced
      "",
      "\\u0041 is not an escape here"};
  CHECK(fast(hostileAlert()) == reference(hostileAlert()));
  Alert a = sampleAlert();
  for (const auto& s : hostile) {
    INFO(s);
    a.description = s;
    a.evidence = {s, s + s};
    a.entities = {{"user", s}};
    a.fingerprint = s;
    CHECK(fast(a) == reference(a));
  }
  std::mt19937 rng(3);
  for (int i = 0; i < 2000; ++i) {
    std::string s;
    size_t n = rng() % 30;
    for (size_t j = 0; j < n; ++j)
      s += static_cast<char>(rng() % 256);
    a.title = s;
    a.evidence = {s};
    INFO("case " << i);
    REQUIRE(fast(a) == reference(a));
  }
  // Long printable runs with the odd quote, backslash, control or high byte anywhere: the
  // eight-bytes-at-a-time scan must stop on each of them.
  const std::string specials = std::string("\"\\\x1f\x7f\x80\xc3") + '\0';
  for (int i = 0; i < 3000; ++i) {
    std::string s;
    size_t n = rng() % 100;
    for (size_t j = 0; j < n; ++j)
      s += static_cast<char>(0x20 + rng() % 0x5f);
    for (size_t k = rng() % 3; k > 0 && !s.empty(); --k)
      s[rng() % s.size()] = specials[rng() % specials.size()];
    a.description = s;
    INFO("run " << i);
    REQUIRE(fast(a) == reference(a));
  }
}
