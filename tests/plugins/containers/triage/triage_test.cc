// applyTriage: which findings an ignore entry or a VEX statement sets aside, and which not.
#include <catch2/catch.hpp>

#include "image/triage/triage.h"

using namespace bulwark;
using namespace bulwark::image;

namespace {

Finding finding(const std::string& package, const std::string& version, const std::string& id,
                std::vector<std::string> aliases) {
  Finding f;
  f.package.kind = "npm";
  f.package.ecosystem = "npm";
  f.package.name = package;
  f.package.version = version;
  f.package.path = "/app/node_modules/" + package + "/package.json";
  f.package.layer = "sha256:layer2";
  f.vulnerability.id = id;
  f.vulnerability.aliases = std::move(aliases);
  f.vulnerability.severity = "High";
  return f;
}

ImageScanResult scan() {
  ImageScanResult r;
  r.reference = "registry.example.com/app:1.0";
  r.digest = "sha256:0123456789abcdef";
  r.matched = true;
  r.findings = {finding("lodash", "4.17.15", "GHSA-35jh-r3h4-6jhm", {"CVE-2021-23337"}),
                finding("lodash", "4.17.15", "GHSA-p6mc-m468-83gw", {"CVE-2020-8203"}),
                finding("minimist", "1.2.0", "GHSA-xvch-5gv4-984h", {"CVE-2021-44906"})};
  return r;
}

VexStatement statement(std::vector<std::string> vulnerability, std::vector<VexProduct> products,
                       const std::string& status) {
  VexStatement s;
  s.vulnerabilityIds = std::move(vulnerability);
  s.products = std::move(products);
  s.status = status;
  s.justification = status == "not_affected" ? "vulnerable_code_not_present" : "";
  s.origin = "test.vex.json#/statements/0";
  return s;
}

std::vector<std::string> suppressedIds(const ImageScanResult& r) {
  std::vector<std::string> ids;
  for (const auto& s : r.suppressed)
    ids.push_back(s.finding.vulnerability.id + "/" + s.suppression.kind);
  return ids;
}

}  // namespace

TEST_CASE("an ignore entry sets aside the findings of its advisory or alias and package") {
  ImageScanResult r = scan();
  Triage t;
  t.ignores.push_back({"CVE-2021-23337", "lodash", "", "", "accepted", "ignore.yaml:2:3"});
  t.ignores.push_back({"GHSA-xvch-5gv4-984h", "minimist", "9.9.9", "", "other version", "x:5:3"});
  t.ignores.push_back({"GHSA-p6mc-m468-83gw", "underscore", "", "", "other package", "x:8:3"});
  applyTriage(r, t, "2026-11-29");
  CHECK(r.findings.size() == 2);
  REQUIRE(suppressedIds(r) == std::vector<std::string>{"GHSA-35jh-r3h4-6jhm/ignored"});
  CHECK(r.suppressed[0].suppression.reason == "accepted");
  CHECK(r.suppressed[0].suppression.origin == "ignore.yaml:2:3");
  CHECK(r.triageNotes.empty());
}

TEST_CASE("an expired ignore entry no longer applies and says so") {
  ImageScanResult r = scan();
  Triage t;
  t.ignores.push_back({"CVE-2021-23337", "", "", "2026-11-28", "until the upgrade", "i.yaml:2:3"});
  t.ignores.push_back({"CVE-2021-44906", "", "", "2026-11-29", "last day", "i.yaml:6:3"});
  applyTriage(r, t, "2026-11-29");
  CHECK(suppressedIds(r) == std::vector<std::string>{"GHSA-xvch-5gv4-984h/ignored"});
  REQUIRE(r.triageNotes.size() == 1);
  CHECK(r.triageNotes[0] ==
        "i.yaml:2:3: the ignore entry for CVE-2021-23337 expired on 2026-11-28 and no longer "
        "applies");
  CHECK(r.findings.size() == 2);
}

TEST_CASE("VEX statements match packages by purl and the image by digest or reference") {
  ImageScanResult r = scan();
  Triage t;
  // The image (as an OCI purl) with lodash as subcomponent: only lodash's finding.
  t.vex.push_back(statement(
      {"CVE-2021-23337"},
      {{{"pkg:oci/app@sha256%3A0123456789abcdef?tag=1.0"}, {{"pkg:npm/lodash@4.17.15?foo=bar"}}}},
      "not_affected"));
  // Another image's digest: no effect.
  t.vex.push_back(statement({"CVE-2020-8203"}, {{{"sha256:ffff"}, {}}}, "not_affected"));
  // minimist at any version, fixed.
  t.vex.push_back(statement({"GHSA-xvch-5gv4-984h"}, {{{"pkg:npm/minimist"}, {}}}, "fixed"));
  applyTriage(r, t, "2026-11-29");
  CHECK(suppressedIds(r) ==
        std::vector<std::string>{"GHSA-35jh-r3h4-6jhm/vex", "GHSA-xvch-5gv4-984h/vex"});
  CHECK(r.suppressed[0].suppression.status == "not_affected");
  CHECK(r.suppressed[0].suppression.justification == "vulnerable_code_not_present");
  CHECK(r.suppressed[1].suppression.status == "fixed");
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings[0].vulnerability.id == "GHSA-p6mc-m468-83gw");

  ImageScanResult byReference = scan();
  Triage whole;
  whole.vex.push_back(
      statement({"CVE-2020-8203"}, {{{"registry.example.com/app:1.0"}, {}}}, "not_affected"));
  whole.vex.push_back(statement({"CVE-2021-44906"},
                                {{{"registry.example.com/app@sha256:0123456789abcdef"}, {}}},
                                "not_affected"));
  applyTriage(byReference, whole, "2026-11-29");
  CHECK(suppressedIds(byReference) ==
        std::vector<std::string>{"GHSA-p6mc-m468-83gw/vex", "GHSA-xvch-5gv4-984h/vex"});
}

TEST_CASE("the last matching VEX statement wins, and affected keeps the finding") {
  ImageScanResult r = scan();
  Triage t;
  t.vex.push_back(statement({"CVE-2021-23337"}, {{{"pkg:npm/lodash"}, {}}}, "not_affected"));
  t.vex.push_back(statement({"CVE-2021-23337"}, {{{"pkg:npm/lodash@4.17.15"}, {}}}, "affected"));
  t.vex.push_back(statement({"CVE-2020-8203"}, {{{"pkg:npm/lodash@4.17.21"}, {}}}, "not_affected"));
  t.ignores.push_back({"CVE-2021-23337", "", "", "", "ignored anyway", "i.yaml:2:3"});
  applyTriage(r, t, "2026-11-29");
  // affected overrides not_affected, so the ignore entry decides; 4.17.21 is not installed.
  CHECK(suppressedIds(r) == std::vector<std::string>{"GHSA-35jh-r3h4-6jhm/ignored"});
  CHECK(r.findings.size() == 2);
}
