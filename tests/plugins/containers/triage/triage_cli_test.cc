// `bulwark images scan --ignore FILE --vex FILE` on the test image with the corpus vulnerability
// database: covered findings are reported as ignored / not affected with their reason and left
// out of the count (also in `images list`); bad files stop the scan with FILE:PLACE.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "image/test_images.h"
#include "kernel/vuln/vuln_fixture.h"
#include "support/test_support.h"

namespace {

using nlohmann::json;
namespace fs = std::filesystem;
using namespace bulwark::test;

struct Fixture {
  fs::path images = testImages();
  fs::path db = sharedVulnDb();
  TempDir tmp;
  std::string image() const { return "oci:" + (images / "oci").string() + ":test"; }
  std::string store() const { return (tmp / "store.db").string(); }
  RunResult scan(std::vector<std::string> extra) const {
    std::vector<std::string> args = {"images",    "scan",    image(), "--vulndb",
                                     db.string(), "--store", store()};
    args.insert(args.end(), extra.begin(), extra.end());
    return runBulwark(args);
  }
};

// The findings of one npm package other than `not`, so the test uses whatever the corpus
// database reports for the test image.
const json* npmFinding(const json& findings, const std::string& notPackage = "") {
  for (const auto& f : findings)
    if (f["kind"] == "npm" && f["package"] != notPackage && !f["aliases"].empty()) return &f;
  return nullptr;
}

size_t countOf(const json& findings, const std::string& id, const std::string& package) {
  size_t n = 0;
  for (const auto& f : findings)
    if (f["id"] == id && f["package"] == package) ++n;
  return n;
}

}  // namespace

TEST_CASE("images scan --ignore and --vex report covered findings apart and do not count them") {
  Fixture fx;
  if (fx.images.empty() || fx.db.empty()) {
    BULWARK_SKIP("skipped: test images or the corpus vulndb are not available");
    return;
  }
  auto plain = fx.scan({"--format", "json"});
  REQUIRE(plain.exitCode == 0);
  json before = json::parse(plain.out);
  const json* ignored = npmFinding(before["findings"]);
  REQUIRE(ignored != nullptr);
  const json* vexed = npmFinding(before["findings"], (*ignored)["package"]);
  REQUIRE(vexed != nullptr);
  const std::string ignoredId = (*ignored)["id"], ignoredAlias = (*ignored)["aliases"][0];
  const std::string ignoredPackage = (*ignored)["package"];
  const std::string vexedId = (*vexed)["id"], vexedPackage = (*vexed)["package"];
  const std::string vexedVersion = (*vexed)["installed_version"];
  const size_t ignoredCount = countOf(before["findings"], ignoredId, ignoredPackage);
  const size_t vexedCount = countOf(before["findings"], vexedId, vexedPackage);

  // The ignore entry names the advisory by its alias; the expired one would cover everything.
  writeFile(fx.tmp / "ignore.yaml",
            "ignore:\n"
            "  - id: " +
                ignoredAlias +
                "\n"
                "    package: " +
                ignoredPackage +
                "\n"
                "    reason: not reachable from the service\n"
                "  - id: " +
                vexedId +
                "\n"
                "    expires: 2020-01-01\n"
                "    reason: old exception\n");
  writeFile(
      fx.tmp / "image.vex.json",
      json({{"@context", "https://openvex.dev/ns/v0.2.0"},
            {"@id", "https://example.com/vex/test-image"},
            {"author", "Bulwark tests"},
            {"timestamp", "2026-11-01T00:00:00Z"},
            {"version", 1},
            {"statements",
             json::array(
                 {{{"vulnerability", {{"name", vexedId}}},
                   {"products",
                    json::array(
                        {{{"@id",
                           "pkg:oci/test@" + std::string(before["digest"]).replace(6, 1, "%3A")},
                          {"subcomponents", json::array({{{"@id", "pkg:npm/" + vexedPackage + "@" +
                                                                      vexedVersion}}})}}})},
                   {"status", "not_affected"},
                   {"justification", "vulnerable_code_not_in_execute_path"},
                   {"impact_statement", "the vulnerable function is never called"}}})}})
          .dump(2));

  auto triaged = fx.scan({"--format", "json", "--ignore", (fx.tmp / "ignore.yaml").string(),
                          "--vex", (fx.tmp / "image.vex.json").string()});
  INFO(triaged.err);
  REQUIRE(triaged.exitCode == 0);
  json after = json::parse(triaged.out);
  CHECK(after["findings"].size() == before["findings"].size() - ignoredCount - vexedCount);
  CHECK(countOf(after["findings"], ignoredId, ignoredPackage) == 0);
  CHECK(countOf(after["findings"], vexedId, vexedPackage) == 0);
  REQUIRE(after["suppressed"].size() == ignoredCount + vexedCount);
  for (const auto& s : after["suppressed"]) {
    if (s["id"] == ignoredId) {
      CHECK(s["suppression"]["kind"] == "ignored");
      CHECK(s["suppression"]["reason"] == "not reachable from the service");
      CHECK(s["suppression"]["origin"] == (fx.tmp / "ignore.yaml").string() + ":2:5");
    } else {
      CHECK(s["id"] == vexedId);
      CHECK(s["suppression"]["kind"] == "vex");
      CHECK(s["suppression"]["status"] == "not_affected");
      CHECK(s["suppression"]["justification"] == "vulnerable_code_not_in_execute_path");
    }
  }
  REQUIRE(after["triage_notes"].size() == 1);
  CHECK_THAT(after["triage_notes"][0].get<std::string>(),
             Catch::EndsWith("ignore.yaml:5:5: the ignore entry for " + vexedId +
                             " expired on 2020-01-01 and no longer applies"));

  // The stored count is the unsuppressed one.
  auto list = runBulwark({"images", "list", "--store", fx.store(), "--format", "json"});
  REQUIRE(list.exitCode == 0);
  CHECK(json::parse(list.out)[0]["findings"] == after["findings"].size());

  auto table = fx.scan({"--ignore", (fx.tmp / "ignore.yaml").string(), "--vex",
                        (fx.tmp / "image.vex.json").string()});
  REQUIRE(table.exitCode == 0);
  CHECK_THAT(table.out, Catch::Contains(
                            "vulnerabilities: " + std::to_string(after["findings"].size()) + "\n"));
  CHECK_THAT(table.out, Catch::Contains("suppressed (not counted): " +
                                        std::to_string(after["suppressed"].size())));
  CHECK_THAT(table.out, Catch::Contains("ignored: not reachable from the service"));
  CHECK_THAT(table.out,
             Catch::Contains("not affected (VEX) vulnerable_code_not_in_execute_path: the "
                             "vulnerable function is never called"));
  CHECK_THAT(table.out, Catch::Contains("note: "));
}

TEST_CASE("images scan stops with FILE:PLACE on a malformed ignore file or VEX document") {
  Fixture fx;
  if (fx.images.empty()) {
    BULWARK_SKIP("skipped: test images are not available");
    return;
  }
  writeFile(fx.tmp / "bad.yaml", "ignore:\n  - id: CVE-1\n    reason: [oops\n");
  auto bad = fx.scan({"--ignore", (fx.tmp / "bad.yaml").string()});
  CHECK(bad.exitCode == 2);
  CHECK_THAT(bad.err, Catch::Contains((fx.tmp / "bad.yaml").string() + ":4:1: invalid YAML"));
  writeFile(fx.tmp / "bad.vex.json", R"({"@context": "https://openvex.dev/ns/v0.2.0", "stat)");
  auto badVex = fx.scan({"--vex", (fx.tmp / "bad.vex.json").string()});
  CHECK(badVex.exitCode == 2);
  CHECK_THAT(badVex.err, Catch::Contains((fx.tmp / "bad.vex.json").string() + ": byte "));
  // Nothing was scanned or stored.
  auto list = runBulwark({"images", "list", "--store", fx.store(), "--format", "json"});
  CHECK((list.exitCode != 0 || json::parse(list.out).empty()));
}

TEST_CASE("images list and show refuse --ignore and --vex") {
  TempDir tmp;
  writeFile(tmp / "ignore.yaml", "- {id: CVE-1, reason: r}\n");
  auto list = runBulwark({"images", "list", "--store", (tmp / "store.db").string(), "--ignore",
                          (tmp / "ignore.yaml").string()});
  CHECK(list.exitCode == 2);
  CHECK_THAT(list.err, Catch::Contains("--ignore and --vex apply to scan only"));
}
