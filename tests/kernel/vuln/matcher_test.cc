// The matcher against the fixture records. Expected results are read from the records
// themselves (ranges, fixed versions, severities, annotations), never from program output.
#include <yaml-cpp/yaml.h>
#include <catch2/catch.hpp>
#include <map>
#include <optional>
#include <set>

#include "kernel/vuln/vuln_fixture.h"
#include "support/test_support.h"
#include "vuln/db/importer.h"
#include "vuln/match/matcher.h"
#include "vuln/severity.h"
#include "vuln/version/compare.h"

namespace {

namespace fs = std::filesystem;
using bulwark::vuln::Matcher;
using bulwark::vuln::PackageQuery;
using bulwark::vuln::VulnDb;
using bulwark::vuln::VulnerabilityMatch;
using nlohmann::json;

// A copy, so callers may pass the matcher's temporary result.
std::optional<VulnerabilityMatch> find(const std::vector<VulnerabilityMatch>& matches,
                                       const std::string& id) {
  for (const auto& m : matches) {
    if (m.id == id) return m;
  }
  return std::nullopt;
}

struct Interval {
  std::string introduced, fixed;
};

// The [introduced, fixed) intervals of one package in an OSV record.
std::vector<Interval> intervals(const json& record, const std::string& package) {
  std::vector<Interval> out;
  for (const auto& a : record["affected"]) {
    if (a["package"]["name"] != package) continue;
    for (const auto& r : a.value("ranges", json::array())) {
      Interval current;
      for (const auto& e : r["events"]) {
        if (e.contains("introduced")) current.introduced = e["introduced"];
        if (e.contains("fixed")) {
          current.fixed = e["fixed"];
          out.push_back(current);
        }
      }
    }
  }
  return out;
}

}  // namespace

TEST_CASE("npm GHSA records match inside their ranges and not at their fixes", "[vuln][match]") {
  auto dbPath = bulwark::test::sharedVulnDb();
  if (dbPath.empty()) {
    BULWARK_SKIP("corpus absent; skipping");
    return;
  }
  VulnDb db(dbPath.string(), false);
  Matcher matcher(db);
  auto root = bulwark::test::vulndbCorpus() / "github-advisory-database";
  int probes = 0;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.path().extension() != ".json") continue;
    json record = bulwark::test::readJsonFile(entry.path());
    std::string id = record["id"];
    std::string severity =
        bulwark::vuln::severityFromLabel(record["database_specific"]["severity"]);
    std::set<std::string> packages;
    for (const auto& a : record["affected"])
      packages.insert(a["package"]["name"].get<std::string>());
    for (const auto& package : packages) {
      auto ranges = intervals(record, package);
      for (const auto& range : ranges) {
        INFO(id << " " << package << " [" << range.introduced << ", " << range.fixed << ")");
        // Inside: the introduced version itself, or 0.0.1 below a fix when introduced is "0".
        std::string inside = range.introduced != "0" ? range.introduced : "0.0.1";
        if (bulwark::vuln::compareSemver(inside, range.fixed) >= 0) continue;
        auto hits = matcher.match({"npm", package, inside, "", "", ""});
        const auto hit = find(hits, id);
        REQUIRE(hit != std::nullopt);
        CHECK(hit->fixedVersion == range.fixed);
        CHECK(hit->state == "fixed");
        CHECK(hit->severity == severity);
        CHECK(hit->severityOrigin == "source");
        CHECK(hit->aliases == record["aliases"].get<std::vector<std::string>>());
        // At the fix: no longer affected, unless another range of the record covers it.
        bool coveredElsewhere = false;
        for (const auto& other : ranges) {
          coveredElsewhere = coveredElsewhere ||
                             (bulwark::vuln::compareSemver(range.fixed, other.introduced) >= 0 &&
                              bulwark::vuln::compareSemver(range.fixed, other.fixed) < 0);
        }
        if (!coveredElsewhere)
          CHECK(find(matcher.match({"npm", package, range.fixed, "", "", ""}), id) == std::nullopt);
        probes += 2;
      }
    }
  }
  CHECK(probes >= 12);  // lodash x4, minimist x2, semver x3 ranges
}

TEST_CASE("the lodash query of the issue finds exactly the advisories whose ranges hold it",
          "[vuln][match]") {
  auto dbPath = bulwark::test::sharedVulnDb();
  if (dbPath.empty()) {
    BULWARK_SKIP("corpus absent; skipping");
    return;
  }
  // Expected from the records: every GHSA file naming lodash with 4.17.15 below its fix.
  std::set<std::string> expected;
  auto root = bulwark::test::vulndbCorpus() / "github-advisory-database";
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (entry.path().extension() != ".json") continue;
    json record = bulwark::test::readJsonFile(entry.path());
    for (const auto& range : intervals(record, "lodash")) {
      if (bulwark::vuln::compareSemver("4.17.15", range.fixed) < 0 &&
          (range.introduced == "0" ||
           bulwark::vuln::compareSemver("4.17.15", range.introduced) >= 0))
        expected.insert(record["id"].get<std::string>());
    }
  }
  REQUIRE(!expected.empty());
  auto run = bulwark::test::runBulwark({"vulndb", "match", "--ecosystem", "npm", "--package",
                                        "lodash", "--version", "4.17.15", "--db", dbPath.string(),
                                        "--format", "json"});
  REQUIRE(run.exitCode == 0);
  std::set<std::string> got;
  for (const auto& m : json::parse(run.out))
    got.insert(m["id"].get<std::string>());
  CHECK(got == expected);
}

TEST_CASE("PyPA records match their listed versions and the start of their ranges",
          "[vuln][match]") {
  auto dbPath = bulwark::test::sharedVulnDb();
  if (dbPath.empty()) {
    BULWARK_SKIP("corpus absent; skipping");
    return;
  }
  VulnDb db(dbPath.string(), false);
  Matcher matcher(db);
  auto root = bulwark::test::vulndbCorpus() / "pypa-advisory-database" / "vulns";
  int checked = 0;
  for (const auto& pkgDir : fs::directory_iterator(root)) {
    if (checked >= 300) break;
    for (const auto& file : fs::directory_iterator(pkgDir.path())) {
      YAML::Node record = YAML::LoadFile(file.path().string());
      std::string id = record["id"].as<std::string>();
      const YAML::Node affected = record["affected"];
      if (!affected || affected.size() != 1 || record["withdrawn"]) continue;
      std::string name = affected[0]["package"]["name"].as<std::string>();
      const YAML::Node ranges = affected[0]["ranges"];
      const YAML::Node versions = affected[0]["versions"];
      if (!ranges || ranges.size() != 1 || ranges[0]["events"].size() != 2 ||
          !ranges[0]["events"][1]["fixed"])
        continue;
      std::string introduced = ranges[0]["events"][0]["introduced"].as<std::string>();
      std::string fixed = ranges[0]["events"][1]["fixed"].as<std::string>();
      INFO(file.path().string());
      if (versions && versions.size() > 0) {
        std::string listed = versions[versions.size() - 1].as<std::string>();
        const auto hit = find(matcher.match({"PyPI", name, listed, "", "", ""}), id);
        REQUIRE(hit != std::nullopt);
        if (bulwark::vuln::comparePep440(listed, fixed) < 0) CHECK(hit->fixedVersion == fixed);
      }
      if (introduced != "0") {
        const auto hit = find(matcher.match({"PyPI", name, introduced, "", "", ""}), id);
        REQUIRE(hit != std::nullopt);
        CHECK(hit->fixedVersion == fixed);
      }
      bool fixListed = false;
      for (const auto& v : versions)
        fixListed = fixListed || bulwark::vuln::comparePep440(v.as<std::string>(), fixed) == 0;
      if (!fixListed)
        CHECK(find(matcher.match({"PyPI", name, fixed, "", "", ""}), id) == std::nullopt);
      ++checked;
    }
  }
  CHECK(checked >= 300);
}

TEST_CASE("Debian packages match the tracker's statements for their release only",
          "[vuln][match][debian]") {
  auto dbPath = bulwark::test::sharedVulnDb();
  if (dbPath.empty()) {
    BULWARK_SKIP("corpus absent; skipping");
    return;
  }
  VulnDb db(dbPath.string(), false);
  Matcher matcher(db);
  auto tracker = bulwark::test::vulndbCorpus() /
                 "trivy-db-testdata/pkg/vulnsrc/debian/testdata/happy/vuln-list-debian/tracker";
  std::map<std::string, std::string> codenameNumber;
  const json distributions = bulwark::test::readJsonFile(tracker / "distributions.json");
  for (const auto& [codename, info] : distributions.items())
    codenameNumber[codename] = info["major-version"];
  int probes = 0;
  for (const auto& dir : {"CVE", "DSA", "DLA"}) {
    for (const auto& file : fs::directory_iterator(tracker / dir)) {
      json record = bulwark::test::readJsonFile(file.path());
      std::string id = record["Header"]["ID"];
      for (const auto& n : record["Annotations"]) {
        if (n["Type"] != "package" || !n.contains("Release") || n["Release"] == "") continue;
        std::string release = n["Release"], package = n["Package"], kind = n.value("Kind", "");
        INFO(id << " [" << release << "] " << package << " " << kind);
        // Both the codename and the version number name the release.
        for (const std::string& rel : {release, codenameNumber[release]}) {
          if (kind == "fixed") {
            std::string fixed = n["Version"];
            std::string below = fixed + "~test";  // '~' sorts before the fix in dpkg
            const auto hit =
                find(matcher.match({"", package + "-bin", below, "debian", rel, package}), id);
            REQUIRE(hit != std::nullopt);
            CHECK(hit->state == "fixed");
            CHECK(hit->fixedVersion == fixed);
            CHECK(find(matcher.match({"", package, fixed, "debian", rel, ""}), id) == std::nullopt);
          } else if (kind == "not-affected") {
            CHECK(find(matcher.match({"", package, "0.1-1", "debian", rel, ""}), id) ==
                  std::nullopt);
          } else {
            const auto hit = find(matcher.match({"", package, "0.1-1", "debian", rel, ""}), id);
            REQUIRE(hit != std::nullopt);
            CHECK(hit->fixedVersion.empty());
            CHECK(hit->state == (kind == "ignored" ? "wont-fix" : "unfixed"));
          }
          ++probes;
        }
      }
    }
  }
  CHECK(probes >= 10);
}

TEST_CASE("distro packages never meet upstream advisories, nor another release's",
          "[vuln][match]") {
  auto dbPath = bulwark::test::sharedVulnDb();
  if (dbPath.empty()) {
    BULWARK_SKIP("corpus absent; skipping");
    return;
  }
  VulnDb db(dbPath.string(), false);
  Matcher matcher(db);
  auto secdb = bulwark::test::readJsonFile(
      bulwark::test::vulndbCorpus() /
      "trivy-db-testdata/pkg/vulnsrc/alpine/testdata/happy/vuln-list/alpine/ansible.json");
  std::string branch = secdb["distroversion"];  // "v3.12"
  std::string package = secdb["name"];
  // The upstream PyPI advisories for the same name exist in the database...
  auto upstream = matcher.match({"PyPI", package, "1.0", "", "", ""});
  REQUIRE(!upstream.empty());
  for (const auto& [fixed, ids] : secdb["secfixes"].items()) {
    std::string below = fixed.substr(0, fixed.find("-r")) + "_rc1-r0";  // apk: _rc < release
    auto hits = matcher.match({"", package, below, "alpine", branch, ""});
    for (const auto& text : ids) {
      std::string id = text.get<std::string>();
      id = id.substr(0, id.find(' '));
      INFO(id << " fixed in " << fixed);
      const auto hit = find(hits, id);
      REQUIRE(hit != std::nullopt);
      // Several fix versions may name one id; the lowest above the installed one is reported.
      CHECK(bulwark::vuln::compareApk(hit->fixedVersion, fixed) <= 0);
      CHECK(hit->state == "fixed");
    }
    // ...but never reach the distro package.
    for (const auto& hit : hits)
      CHECK(hit.source == "alpine-secdb");
    // Another branch has no statements here.
    CHECK(matcher.match({"", package, below, "alpine", "v3.99", ""}).empty());
    // Fixed or newer: nothing.
    CHECK(find(matcher.match({"", package, "999.0-r0", "alpine", "3.12.4", ""}),
               ids[0].get<std::string>().substr(0, ids[0].get<std::string>().find(' '))) ==
          std::nullopt);
  }
  // Debian's openssl statements never appear for an Alpine openssl, and vice versa.
  for (const auto& hit : matcher.match({"", "openssl", "0.1-r0", "alpine", "3.12", ""}))
    CHECK(hit.source != "debian-tracker");
}

TEST_CASE("severity falls back to the CVSS vector when the source gives none", "[vuln][match]") {
  auto dbPath = bulwark::test::sharedVulnDb();
  if (dbPath.empty()) {
    BULWARK_SKIP("corpus absent; skipping");
    return;
  }
  VulnDb db(dbPath.string(), false);
  Matcher matcher(db);
  // PYSEC-2023-221 (werkzeug) carries a CVSS_V3 vector and no severity label.
  auto file =
      bulwark::test::vulndbCorpus() / "pypa-advisory-database/vulns/werkzeug/PYSEC-2023-221.yaml";
  if (!fs::exists(file)) {
    BULWARK_SKIP("fixture record missing; skipping");
    return;
  }
  YAML::Node record = YAML::LoadFile(file.string());
  std::string vector = record["severity"][0]["score"].as<std::string>();
  std::string version = record["affected"][0]["versions"][0].as<std::string>();
  const auto hit = find(matcher.match({"PyPI", "werkzeug", version, "", "", ""}),
                        record["id"].as<std::string>());
  REQUIRE(hit != std::nullopt);
  CHECK(hit->cvss == vector);
  CHECK(hit->severityOrigin == "cvss");
  CHECK(hit->severity == bulwark::vuln::severityFromCvss(vector));
  CHECK(hit->severity != "Unknown");
}

TEST_CASE("the tracker's own JSON dump imports with its states", "[vuln][match][debian]") {
  bulwark::test::TempDir dir;
  // The shape of https://security-tracker.debian.org/tracker/data/json, written for this test.
  bulwark::test::writeFile(dir / "tracker.json", R"({
    "libxml2": {
      "CVE-2000-0001": {"description": "overflow", "releases": {
        "bookworm": {"status": "resolved", "fixed_version": "2.9.14+dfsg-1.3~deb12u1",
                     "urgency": "high", "repositories": {"bookworm": "2.9.14+dfsg-1.3~deb12u1"}},
        "bullseye": {"status": "open", "urgency": "low", "nodsa": "Minor issue",
                     "nodsa_reason": "ignored"},
        "buster": {"status": "open", "urgency": "end-of-life"},
        "trixie": {"status": "resolved", "fixed_version": "0", "urgency": "unimportant"},
        "sid": {"status": "open", "urgency": "medium**"}}}},
    "broken": {"CVE-2000-0002": {"releases": {"bookworm": {"urgency": "low"}}}}})");
  bulwark::vuln::VulnDb db((dir / "v.sqlite").string(), true);
  auto summary = bulwark::vuln::importSources(db, {(dir / "tracker.json").string()});
  REQUIRE(summary.problems.size() == 1);
  CHECK(summary.problems[0].place == "broken.CVE-2000-0002.releases.bookworm");
  Matcher matcher(db);
  auto query = [&](const std::string& release, const std::string& version) {
    return find(matcher.match({"", "libxml2-2", version, "debian", release, "libxml2"}),
                "CVE-2000-0001");
  };
  auto bookworm = query("12", "2.9.14+dfsg-1.2");
  REQUIRE(bookworm);
  CHECK(bookworm->state == "fixed");
  CHECK(bookworm->fixedVersion == "2.9.14+dfsg-1.3~deb12u1");
  CHECK(bookworm->severity == "High");
  CHECK_FALSE(query("bookworm", "2.9.14+dfsg-1.3~deb12u1"));
  auto bullseye = query("bullseye", "2.9.10+dfsg-6.7+deb11u4");
  REQUIRE(bullseye);
  CHECK(bullseye->state == "wont-fix");
  CHECK(bullseye->severity == "Low");
  REQUIRE(query("buster", "2.9.4+dfsg1-7"));
  CHECK(query("buster", "2.9.4+dfsg1-7")->state == "wont-fix");
  CHECK_FALSE(query("trixie", "2.9.14+dfsg-1.3"));  // fixed in "0": never affected
  auto sid = find(matcher.match({"Debian", "libxml2", "2.12.0-1", "", "", ""}), "CVE-2000-0001");
  REQUIRE(sid);
  CHECK(sid->state == "unfixed");
  CHECK(sid->severity == "Medium");
  // An upstream ecosystem query for the same name never sees distro statements.
  CHECK(matcher.match({"PyPI", "libxml2", "2.9.1", "", "", ""}).empty());
}
