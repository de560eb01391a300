// Secure Score on a hand-built scan; expected numbers written from the formula.
#include <catch2/catch.hpp>

#include "report/scan_diff.h"
#include "score/secure_score.h"

#include <algorithm>

using namespace bulwark;

namespace {

std::string rid(const std::string& sub, const std::string& name) {
  // Appended step by step: GCC 12 reports a false -Wrestrict on the chained operator+.
  std::string id = "/subscriptions/";
  id.append(sub).append("/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/");
  return id.append(name);
}

AssessmentInfo assessment(const std::string& id, const std::string& control) {
  AssessmentInfo a;
  a.id = id;
  a.pluginId = "plugin";
  a.title = id;
  a.control = control;
  return a;
}

}  // namespace

TEST_CASE("secure score follows Defender's formula", "[score]") {
  ScanRecord s;
  s.assessments = {assessment("transit.a", "Encrypt data in transit"),
                   assessment("transit.b", "Encrypt data in transit"),
                   assessment("network.a", "Restrict unauthorized network access"),
                   assessment("ports.a", "Secure management ports"),
                   assessment("practice.a", "Implement security best practices")};
  auto add = [&](const std::string& res, const std::string& a, AssessmentState st) {
    s.results.push_back({res, a, "plugin", st, "", nlohmann::json::object()});
  };
  // Encrypt data in transit (4): r1 passes both, r2 fails b, r3 passes a and is exempt from b,
  // r4 errors on a. Healthy: r1, r3. Unhealthy: r2, r4. -> current 4 * 2/4 = 2.
  add(rid("s1", "r1"), "transit.a", AssessmentState::Healthy);
  add(rid("s1", "r1"), "transit.b", AssessmentState::Healthy);
  add(rid("s1", "r2"), "transit.a", AssessmentState::Healthy);
  add(rid("s1", "r2"), "transit.b", AssessmentState::Unhealthy);
  add(rid("s2", "r3"), "transit.a", AssessmentState::Healthy);
  add(rid("s2", "r3"), "transit.b", AssessmentState::Exempt);
  add(rid("s2", "r4"), "transit.a", AssessmentState::Error);
  // Restrict unauthorized network access (4): r1 healthy, r2 healthy, r3 unhealthy, r4 only
  // NotApplicable (outside both counts). -> current 4 * 2/3.
  add(rid("s1", "r1"), "network.a", AssessmentState::Healthy);
  add(rid("s1", "r2"), "network.a", AssessmentState::Healthy);
  add(rid("s2", "r3"), "network.a", AssessmentState::Unhealthy);
  add(rid("s2", "r4"), "network.a", AssessmentState::NotApplicable);
  // Secure management ports (8): nothing judged -> not in the denominator.
  add(rid("s1", "r1"), "ports.a", AssessmentState::NotApplicable);
  // Implement security best practices (0): counted with 0 points.
  add(rid("s1", "r1"), "practice.a", AssessmentState::Unhealthy);

  SecureScore all = computeSecureScore(s, {});
  const double transit = 4.0 * 2 / 4, network = 4.0 * 2 / 3;
  CHECK(all.max == 8);
  CHECK(all.current == Approx(transit + network));
  CHECK(all.percentage == Approx(roundTo4((transit + network) / 8)));
  CHECK(all.percentage == Approx(0.5833));
  const ControlScore* t = nullptr;
  const ControlScore* ports = nullptr;
  for (const auto& c : all.controls) {
    if (c.name == "Encrypt data in transit") t = &c;
    if (c.name == "Secure management ports") ports = &c;
  }
  REQUIRE(t);
  CHECK(t->healthyResources == 2);
  CHECK(t->unhealthyResources == 2);
  CHECK(t->potentialIncrease == Approx(4.0 * 2 / 4));
  REQUIRE(ports);
  CHECK(ports->notApplicableResources == 1);
  CHECK(ports->current == 0);
  // Largest potential increase first: transit (+2) before network (+1.33).
  CHECK(all.controls[0].name == "Encrypt data in transit");

  // Subscription s1 alone: transit r1 healthy, r2 unhealthy -> 2; network r1, r2 healthy -> 4.
  SecureScore s1 = computeSecureScore(s, {*ResourceId::parse("/subscriptions/s1")});
  CHECK(s1.max == 8);
  CHECK(s1.current == Approx(2.0 + 4.0));
  CHECK(s1.percentage == Approx(0.75));
}

TEST_CASE("a scan with nothing judged scores zero of zero", "[score]") {
  ScanRecord s;
  s.assessments.push_back(assessment("x", "Enable MFA"));
  SecureScore score = computeSecureScore(s, {});
  CHECK(score.max == 0);
  CHECK(score.percentage == 0);
  CHECK(controlMaxPoints("enable mfa") == 10);
  CHECK(controlMaxPoints("Unknown control") == 0);
}

TEST_CASE("diff keys findings by assessment and resource", "[score][diff]") {
  ScanRecord a, b;
  a.id = 1;
  b.id = 2;
  a.assessments = b.assessments = {assessment("transit.a", "Encrypt data in transit")};
  auto add = [](ScanRecord& s, const std::string& res, AssessmentState st) {
    s.results.push_back({res, "transit.a", "plugin", st, "why", nlohmann::json::object()});
  };
  add(a, rid("s1", "fixed"), AssessmentState::Unhealthy);
  add(b, rid("s1", "fixed"), AssessmentState::Healthy);
  add(a, rid("s1", "broken"), AssessmentState::Healthy);
  add(b, rid("s1", "broken"), AssessmentState::Unhealthy);
  add(a, rid("s1", "stuck"), AssessmentState::Unhealthy);
  add(b, bulwark::toLowerAscii(rid("s1", "STUCK")), AssessmentState::Error);
  add(a, rid("s1", "waived"), AssessmentState::Unhealthy);
  add(b, rid("s1", "waived"), AssessmentState::Exempt);
  add(b, rid("s1", "brandnew"), AssessmentState::Unhealthy);
  ScanDiff d = diffScans(a, b);
  auto names = [](const std::vector<Finding>& fs) {
    std::vector<std::string> out;
    for (const auto& f : fs)
      out.push_back(f.resourceId.substr(f.resourceId.rfind('/') + 1));
    std::sort(out.begin(), out.end());
    return out;
  };
  CHECK(names(d.added) == std::vector<std::string>{"brandnew", "broken"});
  CHECK(names(d.resolved) == std::vector<std::string>{"fixed", "waived"});
  REQUIRE(d.still.size() == 1);
  CHECK(d.still[0].after == AssessmentState::Error);
  // Before: 1 healthy of 4 judged -> 4 * 1/4 of 4 points. After: 1 healthy of 4 judged.
  CHECK(d.scoreBefore == Approx(0.25));
  CHECK(d.scoreAfter == Approx(0.25));
}
