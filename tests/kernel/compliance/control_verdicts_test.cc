// Control verdicts on a hand-built scan.
#include <catch2/catch.hpp>

#include "compliance/control_verdicts.h"

using namespace bulwark;
using namespace bulwark::compliance;

namespace {

std::string rid(const std::string& sub, const std::string& name) {
  std::string id = "/subscriptions/";
  id.append(sub).append("/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/");
  return id.append(name);
}

AssessmentInfo assessment(const std::string& id, const std::string& policy,
                          std::vector<ComplianceRef> refs = {}) {
  AssessmentInfo a;
  a.id = id;
  a.title = "title of " + id;
  a.policyDefinitionId = policy;
  a.compliance = std::move(refs);
  return a;
}

const ControlVerdict& verdict(const ComplianceReport& r, const std::string& id) {
  for (const auto& c : r.controls) {
    if (c.id == id) return c;
  }
  FAIL("no control " << id);
  throw;
}

}  // namespace

TEST_CASE("controls pass, fail or stay not assessed", "[compliance]") {
  Standard st;
  st.id = "demo";
  st.name = "Demo";
  st.references = {"Demo Benchmark v1"};
  Control byPolicy{"1.1", "by policy", {"aaaaaaaa-0000-0000-0000-000000000001"}, {}, {}};
  Control byId{"1.2", "by id", {}, {"b.explicit"}, {}};
  Control byRef{"1.10", "", {}, {}, {}};
  Control unmapped{"2.1", "nothing runs", {"ffffffff-0000-0000-0000-000000000000"}, {}, {}};
  Control onlyNa{"2.2", "only n/a", {}, {"d.na"}, {}};
  st.controls = {byPolicy, byId, byRef, unmapped, onlyNa};

  ScanRecord scan;
  scan.assessments = {
      assessment("a.policy",
                 "/providers/Microsoft.Authorization/policyDefinitions/AAAAAAAA-0000-0000-0000-"
                 "000000000001"),
      assessment("b.explicit", ""), assessment("c.cited", "", {{"demo benchmark v1", "1.10"}}),
      assessment("d.na", ""), assessment("e.other", "", {{"Other Benchmark", "1.10"}})};
  auto add = [&](const std::string& res, const std::string& a, AssessmentState st) {
    scan.results.push_back({res, a, "p", st, "", nlohmann::json::object()});
  };
  // 1.1: r1 healthy, r2 unhealthy (s1), r3 errors (s2) -> failed; 1 healthy, 2 unhealthy.
  add(rid("s1", "r1"), "a.policy", AssessmentState::Healthy);
  add(rid("s1", "r2"), "a.policy", AssessmentState::Unhealthy);
  add(rid("s2", "r3"), "a.policy", AssessmentState::Error);
  // 1.2: healthy on r1, exempt on r2 -> passed with one healthy resource.
  add(rid("s1", "r1"), "b.explicit", AssessmentState::Healthy);
  add(rid("s1", "r2"), "b.explicit", AssessmentState::Exempt);
  // 1.10: cited by c.cited (healthy) only; e.other cites another standard's 1.10 and fails.
  add(rid("s1", "r1"), "c.cited", AssessmentState::Healthy);
  add(rid("s1", "r1"), "e.other", AssessmentState::Unhealthy);
  // 2.2: only NotApplicable.
  add(rid("s1", "r1"), "d.na", AssessmentState::NotApplicable);

  ComplianceReport all = assessCompliance(st, scan, {});
  CHECK(all.passed == 2);
  CHECK(all.failed == 1);
  CHECK(all.notAssessed == 2);
  const auto& p = verdict(all, "1.1");
  CHECK(p.status == ControlStatus::Failed);
  CHECK(p.healthyResources == 1);
  CHECK(p.unhealthyResources == 2);
  REQUIRE(p.failing.size() == 1);
  CHECK(p.failing[0].id == "a.policy");
  CHECK(p.failing[0].failingResources == 2);
  const auto& e = verdict(all, "1.2");
  CHECK(e.status == ControlStatus::Passed);
  CHECK(e.healthyResources == 1);
  CHECK(e.unhealthyResources == 0);
  const auto& r = verdict(all, "1.10");
  CHECK(r.status == ControlStatus::Passed);
  CHECK(r.assessments == std::vector<std::string>{"c.cited"});
  CHECK(r.title == "title of c.cited");  // a control without a title borrows its assessment's
  CHECK(verdict(all, "2.1").status == ControlStatus::NotAssessed);
  CHECK(verdict(all, "2.1").assessments.empty());
  CHECK(verdict(all, "2.2").status == ControlStatus::NotAssessed);
  CHECK(verdict(all, "2.2").assessments == std::vector<std::string>{"d.na"});

  SECTION("a scope keeps only its resources") {
    ComplianceReport s2 = assessCompliance(st, scan, {*ResourceId::parse("/subscriptions/s2")});
    CHECK(verdict(s2, "1.1").status == ControlStatus::Failed);
    CHECK(verdict(s2, "1.1").unhealthyResources == 1);
    CHECK(verdict(s2, "1.2").status == ControlStatus::NotAssessed);
    CHECK(s2.failed == 1);
    CHECK(s2.passed == 0);
  }
  SECTION("controls only assessments cite are added when the standard asks") {
    st.controls = {byPolicy};
    CHECK(assessCompliance(st, scan, {}).controls.size() == 1);
    st.controlsFromReferences = true;
    auto withRefs = assessCompliance(st, scan, {});
    REQUIRE(withRefs.controls.size() == 2);
    CHECK(withRefs.controls[1].id == "1.10");
    CHECK(withRefs.controls[1].status == ControlStatus::Passed);
  }
}

TEST_CASE("control ids sort numerically", "[compliance]") {
  CHECK(controlIdLess("4.9", "4.15"));
  CHECK_FALSE(controlIdLess("4.15", "4.9"));
  CHECK(controlIdLess("4", "4.1"));
  CHECK(controlIdLess("AC-3", "AC-17"));
  CHECK(controlIdLess("1.1.2.1.1", "1.1.2.1.2"));
}
