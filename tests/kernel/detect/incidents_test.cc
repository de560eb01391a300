// Incidents: alerts linked by shared entities within the gap, timelines in kill-chain order.
#include <catch2/catch.hpp>

#include "detect/incidents.h"

using namespace bulwark::detect;

namespace {

Alert alert(const std::string& rule, int64_t second, const std::string& tactic,
            std::vector<std::pair<std::string, std::string>> entities,
            const std::string& severity = "Low") {
  Alert a;
  a.ruleId = rule;
  a.firstNs = a.lastNs = second * 1000000000LL;
  a.tactic = tactic;
  a.severity = severity;
  a.entities = std::move(entities);
  return a;
}

std::vector<std::string> rules(const Incident& inc) {
  std::vector<std::string> out;
  for (const Alert* a : inc.timeline)
    out.push_back(a->ruleId);
  return out;
}

}  // namespace

TEST_CASE("alerts sharing an entity within the gap form one incident", "[detect][incidents]") {
  std::vector<Alert> alerts = {
      alert("d", 300, "Impact", {{"ip", "192.0.2.2"}}),
      alert("b", 100, "Credential Access", {{"ip", "192.0.2.1"}, {"user", "x"}}, "High"),
      alert("a", 100, "Reconnaissance", {{"ip", "192.0.2.1"}}),
      alert("c", 200, "Privilege Escalation", {{"user", "x"}}),
      alert("e", 100000, "Impact", {{"ip", "192.0.2.1"}}),  // long after: its own incident
      alert("f", 150, "Discovery", {{"path", "/admin"}}),   // paths do not link
  };
  auto incidents = correlate(alerts);
  REQUIRE(incidents.size() == 4);
  // Same time: Reconnaissance comes before Credential Access in the kill chain.
  CHECK(rules(incidents[0]) == std::vector<std::string>{"a", "b", "c"});
  CHECK(incidents[0].severity == "High");
  // Tactics in ATT&CK order: Privilege Escalation precedes Credential Access.
  CHECK(incidents[0].tactics ==
        std::vector<std::string>{"Reconnaissance", "Privilege Escalation", "Credential Access"});
  CHECK(std::find(incidents[0].sharedEntities.begin(), incidents[0].sharedEntities.end(),
                  std::make_pair(std::string("user"), std::string("x"))) !=
        incidents[0].sharedEntities.end());
  CHECK(rules(incidents[1]) == std::vector<std::string>{"f"});
  CHECK(rules(incidents[2]) == std::vector<std::string>{"d"});
  CHECK(rules(incidents[3]) == std::vector<std::string>{"e"});

  CorrelationOptions wide;
  wide.gapNs = 200000LL * 1000000000LL;
  CHECK(correlate(alerts, wide).size() == 3);  // e joins the first incident
  CHECK(correlate({}).empty());
}
