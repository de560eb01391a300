// The security policy: assignments (nearest wins), effect and parameter overrides,
// operator-written definitions and exemptions, alone and through a real scan.
#include <catch2/catch.hpp>

#include "policy/security_policy.h"
#include "scan/scan_runner.h"
#include "support/test_support.h"

using namespace bulwark;
using namespace bulwark::policy;
using bulwark::test::TempDir;

namespace {

const std::string kDev = "/subscriptions/b7e4d2a1-6c3f-4a8b-9e1d-5f0c2b7a4e96";
const std::string kProd = "/subscriptions/3f2a8c4e-9b1d-4e7a-8c5f-2d6b9e0a1c3f";
const std::string kDevShared =
    kDev +
    "/resourceGroups/rg-dev-shared/providers/Microsoft.Storage/storageAccounts/contosodevshared01";
const std::string kDevScratch =
    kDev +
    "/resourceGroups/rg-dev-apps/providers/Microsoft.Storage/storageAccounts/contosodevscratch01";
const std::string kProdWeb =
    kProd +
    "/resourceGroups/rg-prod-web/providers/Microsoft.Storage/storageAccounts/contosoprodweb01";

SecurityPolicy load(const TempDir& dir, const std::string& yaml) {
  test::writeFile(dir / "sp.yaml", yaml);
  return loadSecurityPolicy((dir / "sp.yaml").string());
}

ConfigError loadError(const TempDir& dir, const std::string& yaml) {
  try {
    load(dir, yaml);
  } catch (const ConfigError& e) {
    return e;
  }
  FAIL("accepted:\n" << yaml);
  throw std::logic_error("unreachable");
}

ScanRecord scan(const TempDir& dir, const SecurityPolicy& sp) {
  auto file = test::writeConfig(dir, {{"storage", ""}},
                                {test::sourceDir() / "config" / "samples" / "estate"});
  Config config = loadConfig(file.string());
  ScanOptions options;
  options.pluginDirs = {test::pluginDir().string()};
  options.securityPolicy = sp;
  return runScan(config, options);
}

const ResultRecord* result(const ScanRecord& s, const std::string& resource, const std::string& a) {
  for (const auto& r : s.results) {
    if (r.resourceId == resource && r.assessmentId == a) return &r;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("the nearest assignment naming an assessment wins", "[policy][assignments]") {
  TempDir dir;
  SecurityPolicy sp =
      load(dir,
           "assignments:\n"
           "  - scope: " +
               kDev +
               "\n"
               "    assessments:\n"
               "      storage.minimum-tls: {parameters: {minimumTlsVersion: TLS1_1}}\n"
               "      storage.secure-transfer: {effect: Disabled}\n"
               "  - scope: " +
               kDev +
               "/resourceGroups/rg-dev-apps\n"
               "    assessments:\n"
               "      storage.minimum-tls: {parameters: {minimumTlsVersion: TLS1_2}}\n");
  auto shared = *ResourceId::parse(kDevShared);
  auto scratch = *ResourceId::parse(kDevScratch);
  REQUIRE(sp.overrideFor(shared, "storage.minimum-tls"));
  CHECK(sp.overrideFor(shared, "storage.minimum-tls")->parameters["minimumTlsVersion"] == "TLS1_1");
  CHECK(sp.overrideFor(scratch, "storage.minimum-tls")->parameters["minimumTlsVersion"] ==
        "TLS1_2");
  // rg-dev-apps names only minimum-tls: secure-transfer comes from the subscription.
  CHECK(sp.overrideFor(scratch, "storage.secure-transfer")->effect == "disabled");
  CHECK_FALSE(sp.overrideFor(*ResourceId::parse(kProdWeb), "storage.minimum-tls"));
}

TEST_CASE("exemptions apply until they expire", "[policy][exemptions]") {
  TempDir dir;
  SecurityPolicy sp =
      load(dir,
           "exemptions:\n"
           "  - {scope: " +
               kProdWeb +
               ", assessment: a, category: waiver, reason: r1, expires: 2027-06-30}\n"
               "  - {scope: " +
               kProd +
               ", assessment: b, category: mitigated, reason: r2, expires: 2020-01-01}\n"
               "  - {scope: " +
               kProd + ", assessment: c, category: mitigated, reason: r3}\n");
  auto web = *ResourceId::parse(kProdWeb);
  auto m = sp.exemptionFor(web, "a", "2026-11-29T00:00:00Z");
  REQUIRE(m.active);
  CHECK(m.active->expires == "2027-06-30T23:59:59Z");
  CHECK_FALSE(sp.exemptionFor(web, "a", "2027-07-01T00:00:00Z").active);
  CHECK(sp.exemptionFor(web, "a", "2027-07-01T00:00:00Z").expired);
  auto expired = sp.exemptionFor(web, "b", "2026-11-29T00:00:00Z");
  CHECK_FALSE(expired.active);
  REQUIRE(expired.expired);
  CHECK(expired.expired->reason == "r2");
  CHECK(sp.exemptionFor(web, "c", "2099-01-01T00:00:00Z").active);
  CHECK_FALSE(sp.exemptionFor(*ResourceId::parse(kDevShared), "c", "2026-01-01T00:00:00Z").active);
}

TEST_CASE("security policy errors name the line", "[policy][errors]") {
  TempDir dir;
  auto e = loadError(
      dir, "assignments:\n  - scope: " + kDev + "\n    assessments:\n      x: {effect: Maybe}\n");
  CHECK(e.where().line == 4);
  CHECK_THAT(e.what(), Catch::Contains("unknown effect 'Maybe'"));
  CHECK_THAT(loadError(dir, "exemption: []\n").what(),
             Catch::Contains("did you mean 'exemptions'?"));
  auto scope = loadError(dir, "assignments:\n  - scope: rg-dev\n");
  CHECK(scope.where().line == 2);
  auto expiry =
      loadError(dir, "exemptions:\n  - {scope: " + kDev +
                         ", assessment: a, category: waiver, reason: r, expires: soon}\n");
  CHECK_THAT(expiry.what(), Catch::Contains("'expires' must be a date"));
  auto category = loadError(
      dir, "exemptions:\n  - {scope: " + kDev + ", assessment: a, category: later, reason: r}\n");
  CHECK_THAT(category.what(), Catch::Contains("waiver or mitigated"));
  CHECK_THAT(loadError(dir, "assignments: [unclosed\n").what(), Catch::Contains("invalid YAML"));
}

TEST_CASE("a scan honours overrides, exemptions and custom definitions", "[policy][scan]") {
  TempDir dir;
  test::writeFile(dir / "defs" / "deny.json", R"({"name": "network-deny", "properties": {
      "displayName": "Deny by default", "mode": "Indexed",
      "metadata": {"severity": "High", "securityControl": "Restrict unauthorized network access"},
      "policyRule": {"if": {"allOf": [
        {"field": "type", "equals": "Microsoft.Storage/storageAccounts"},
        {"field": "Microsoft.Storage/storageAccounts/networkAcls.defaultAction", "notEquals": "Deny"}]},
        "then": {"effect": "audit"}}}})");
  test::writeFile(dir / "defs" / "broken.json", "{\n  \"properties\": {\n    \"policyRule\": \n");
  SecurityPolicy sp =
      load(dir,
           "definitions: [defs]\n"
           "assignments:\n"
           "  - scope: " +
               kDev +
               "\n"
               "    assessments:\n"
               "      storage.minimum-tls: {parameters: {minimumTlsVersion: TLS1_1}}\n"
               "      storage.secure-transfer: {effect: Disabled}\n"
               "exemptions:\n"
               "  - {scope: " +
               kProdWeb +
               ", assessment: storage.public-blob-access,"
               " category: waiver, reason: static website}\n");
  ScanRecord s = scan(dir, sp);

  // TLS1_1 is enough in dev now; contosodevshared01 (TLS1_1) passes, scratch (TLS1_0) fails.
  REQUIRE(result(s, kDevShared, "storage.minimum-tls"));
  CHECK(result(s, kDevShared, "storage.minimum-tls")->state == AssessmentState::Healthy);
  CHECK(result(s, kDevScratch, "storage.minimum-tls")->state == AssessmentState::Unhealthy);
  // Secure transfer is disabled in dev: no verdicts there, prod still assessed.
  CHECK_FALSE(result(s, kDevScratch, "storage.secure-transfer"));
  CHECK(result(s, kProdWeb, "storage.secure-transfer"));
  // The exemption turns the unhealthy verdict into Exempt and keeps the verdict as evidence.
  const ResultRecord* exempt = result(s, kProdWeb, "storage.public-blob-access");
  REQUIRE(exempt);
  CHECK(exempt->state == AssessmentState::Exempt);
  CHECK_THAT(exempt->reason, Catch::Contains("exempt (waiver): static website"));
  CHECK(exempt->evidence["exemption"]["verdict"] == "Unhealthy");
  // The custom definition runs on every account, and the broken file is a located problem.
  const AssessmentInfo* custom = s.assessment("custom.network-deny");
  REQUIRE(custom);
  CHECK(custom->severity == Severity::High);
  size_t customResults = 0;
  for (const auto& r : s.results)
    customResults += r.assessmentId == "custom.network-deny";
  CHECK(customResults == 9);
  REQUIRE(s.problems.size() == 1);
  CHECK_THAT(s.problems[0].location,
             Catch::Contains("broken.json: byte") && Catch::Contains("line 4"));
}
