// `bulwark vulndb`: import, status and usage errors through the real binary.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "support/test_support.h"

using bulwark::test::runBulwark;
using bulwark::test::TempDir;
using bulwark::test::writeFile;

TEST_CASE("bulwark vulndb import and status report sources, schema and counts",
          "[vuln][vulndb][cli]") {
  TempDir dir;
  auto db = (dir / "db" / "v.sqlite").string();
  writeFile(dir / "feed" / "a.json", R"({"id": "TEST-A", "modified": "2024-01-01T00:00:00Z",
    "affected": [{"package": {"ecosystem": "crates.io", "name": "smallvec"},
      "ranges": [{"type": "SEMVER", "events": [{"introduced": "0.6.3"}, {"fixed": "0.6.10"}]}]}]})");
  writeFile(dir / "feed" / "b.yaml",
            "id: TEST-B\nmodified: '2024-01-01T00:00:00Z'\naffected:\n"
            "- package: {ecosystem: RubyGems, name: rack}\n"
            "  ranges:\n  - type: ECOSYSTEM\n    events:\n    - introduced: '0'\n"
            "    - fixed: 2.2.8.1\n");
  writeFile(dir / "feed" / "c.json", "{\"id\": \"TEST-C\", \"affected\": [");
  auto run = runBulwark({"vulndb", "import", (dir / "feed").string(), "--db", db});
  CHECK(run.exitCode == 0);
  CHECK_THAT(run.out, Catch::Contains("imported 2 advisories from 3 files"));
  CHECK_THAT(run.err, Catch::Contains("c.json: byte "));

  auto status = runBulwark({"vulndb", "status", "--db", db, "--format", "json"});
  REQUIRE(status.exitCode == 0);
  auto st = nlohmann::json::parse(status.out);
  CHECK(st["schema_version"] == 1);
  REQUIRE(st["sources"].size() == 1);
  CHECK(st["sources"][0]["records"] == 2);
  CHECK(st["sources"][0]["problems"] == 1);
  CHECK(st["ecosystems"].size() == 2);
  auto table = runBulwark({"vulndb", "status", "--db", db});
  CHECK_THAT(table.out, Catch::Contains("schema version  1"));
  CHECK_THAT(table.out, Catch::Contains("crates.io"));

  auto rack = runBulwark({"vulndb", "match", "--ecosystem", "RubyGems", "--package", "rack",
                          "--version", "2.2.8", "--db", db, "--format", "json"});
  REQUIRE(rack.exitCode == 0);
  auto hits = nlohmann::json::parse(rack.out);
  REQUIRE(hits.size() == 1);
  CHECK(hits[0]["fixed_version"] == "2.2.8.1");
  auto smallvec = runBulwark({"vulndb", "match", "--ecosystem", "crates.io", "--package",
                              "smallvec", "--version", "0.6.10", "--db", db});
  CHECK(smallvec.exitCode == 0);
  CHECK_THAT(smallvec.out, Catch::Contains("no known vulnerabilities"));
}

TEST_CASE("bulwark vulndb refuses bad usage and missing databases", "[vuln][vulndb][cli]") {
  TempDir dir;
  CHECK(runBulwark({"vulndb"}).exitCode == 2);
  CHECK(runBulwark({"vulndb", "frobnicate"}).exitCode == 2);
  CHECK(runBulwark({"vulndb", "match", "--package", "x", "--version", "1"}).exitCode == 2);
  auto missing = runBulwark({"vulndb", "status", "--db", (dir / "none.sqlite").string()});
  CHECK(missing.exitCode == 3);
  CHECK_THAT(missing.err, Catch::Contains("none.sqlite"));
  auto nopath = runBulwark(
      {"vulndb", "import", (dir / "nowhere").string(), "--db", (dir / "v.sqlite").string()});
  CHECK(nopath.exitCode == 3);
  CHECK_THAT(nopath.err, Catch::Contains("no such file or folder"));
}
