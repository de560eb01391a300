// Importing advisory feeds: counts derived from the fixture files, idempotent re-import, and
// broken records reported by file and place while the rest import.
#include <archive.h>
#include <archive_entry.h>
#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <set>

#include "kernel/vuln/vuln_fixture.h"
#include "support/test_support.h"
#include "vuln/db/importer.h"

namespace {

namespace fs = std::filesystem;
using bulwark::test::TempDir;
using bulwark::test::writeFile;

std::vector<fs::path> filesWithExtension(const fs::path& root, const std::string& ext) {
  std::vector<fs::path> out;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    if (e.is_regular_file() && e.path().extension() == ext) out.push_back(e.path());
  }
  return out;
}

// Every row of both tables, in a stable order, so two databases can be compared.
std::string dumpTables(const fs::path& db) {
  sqlite3* h = nullptr;
  REQUIRE(sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  std::string out;
  for (const char* sql :
       {"SELECT * FROM advisories ORDER BY source, id",
        "SELECT * FROM affected ORDER BY source, advisory_id, ecosystem, release, package"}) {
    sqlite3_stmt* st = nullptr;
    REQUIRE(sqlite3_prepare_v2(h, sql, -1, &st, nullptr) == SQLITE_OK);
    while (sqlite3_step(st) == SQLITE_ROW) {
      for (int c = 0; c < sqlite3_column_count(st); ++c) {
        auto t = sqlite3_column_text(st, c);
        out += (t ? reinterpret_cast<const char*>(t) : "") + std::string("\x1f");
      }
      out += "\n";
    }
    sqlite3_finalize(st);
  }
  sqlite3_close(h);
  return out;
}

void writeZip(const fs::path& zip, const std::vector<std::pair<std::string, std::string>>& files) {
  struct archive* a = archive_write_new();
  archive_write_set_format_zip(a);
  REQUIRE(archive_write_open_filename(a, zip.c_str()) == ARCHIVE_OK);
  for (const auto& [name, text] : files) {
    struct archive_entry* e = archive_entry_new();
    archive_entry_set_pathname(e, name.c_str());
    archive_entry_set_size(e, static_cast<la_int64_t>(text.size()));
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    archive_write_header(a, e);
    archive_write_data(a, text.data(), text.size());
    archive_entry_free(e);
  }
  archive_write_close(a);
  archive_write_free(a);
}

}  // namespace

TEST_CASE("vulndb import stores every fixture record and reports its sources", "[vuln][vulndb]") {
  auto corpus = bulwark::test::vulndbCorpus();
  if (corpus.empty()) {
    BULWARK_SKIP("corpus absent; skipping");
    return;
  }
  TempDir dir;
  bulwark::vuln::VulnDb db((dir / "v.sqlite").string(), true);
  auto pypa = corpus / "pypa-advisory-database";
  auto ghsa = corpus / "github-advisory-database";
  auto summary = bulwark::vuln::importSources(db, {pypa.string(), ghsa.string()});
  CHECK(summary.problems.empty());
  size_t pypaFiles = filesWithExtension(pypa, ".yaml").size();
  size_t ghsaFiles = filesWithExtension(ghsa, ".json").size();
  REQUIRE(pypaFiles > 2000);
  CHECK(summary.records == static_cast<int64_t>(pypaFiles + ghsaFiles));

  auto status = db.status();
  CHECK(status.schemaVersion == bulwark::vuln::VulnDb::kSchemaVersion);
  CHECK(status.advisories == static_cast<int64_t>(pypaFiles + ghsaFiles));
  REQUIRE(status.sources.size() == 2);
  std::set<std::string> paths;
  for (const auto& s : status.sources) {
    paths.insert(s.path);
    CHECK(s.kind == "osv");
    CHECK(s.importedAt.size() == 20);  // 2026-11-29T01:56:49Z
  }
  CHECK(paths.count(fs::canonical(pypa).string()) == 1);
  int64_t npm = 0, pypi = 0;
  for (const auto& e : status.ecosystems) {
    npm += e.ecosystem == "npm" ? e.advisories : 0;
    pypi += e.ecosystem == "pypi" ? e.advisories : 0;
  }
  CHECK(npm == static_cast<int64_t>(ghsaFiles));
  // A few PyPA records list their packages under other names too; each file is one advisory.
  CHECK(pypi >= static_cast<int64_t>(pypaFiles));
}

TEST_CASE("re-importing the same sources leaves the database unchanged", "[vuln][vulndb]") {
  auto corpus = bulwark::test::vulndbCorpus();
  if (corpus.empty()) {
    BULWARK_SKIP("corpus absent; skipping");
    return;
  }
  TempDir dir;
  auto path = dir / "v.sqlite";
  std::string vulnsrc = (corpus / "trivy-db-testdata/pkg/vulnsrc").string();
  std::vector<std::string> sources = {(corpus / "github-advisory-database").string(),
                                      vulnsrc + "/debian/testdata/happy",
                                      vulnsrc + "/alpine/testdata/happy"};
  std::string first, second;
  {
    bulwark::vuln::VulnDb db(path.string(), true);
    bulwark::vuln::importSources(db, sources);
  }
  first = dumpTables(path);
  {
    bulwark::vuln::VulnDb db(path.string(), true);
    auto again = bulwark::vuln::importSources(db, sources);
    CHECK(again.problems.empty());
    CHECK(db.status().sources.size() == sources.size());
  }
  second = dumpTables(path);
  CHECK(first.size() > 1000);
  CHECK(first == second);
}

TEST_CASE("broken records are reported by file and place, and the rest import", "[vuln][vulndb]") {
  TempDir dir;
  auto feed = dir / "feed";
  const std::string good = R"({"id": "TEST-1", "modified": "2024-01-01T00:00:00Z",
    "affected": [{"package": {"ecosystem": "npm", "name": "left-pad"},
      "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "1.3.0"}]}]}]})";
  writeFile(feed / "good.json", good);
  writeFile(feed / "truncated.json", good.substr(0, 60));
  writeFile(feed / "garbage.json", "\x01\x02 not json at all");
  writeFile(feed / "broken.yaml", "id: TEST-2\naffected:\n  - package: [unclosed\n");
  writeFile(feed / "noevents.json",
            R"({"id": "TEST-3", "modified": "x", "affected": [{"package": {"ecosystem": "npm",
            "name": "a"}, "ranges": [{"type": "SEMVER", "events": [{"fixed": "1.0"}]}]}]})");
  writeFile(feed / "badevent.json",
            R"({"id": "TEST-4", "modified": "x", "affected": [{"package": {"ecosystem": "npm",
            "name": "a"}, "ranges": [{"type": "SEMVER", "events": [{"introduced": 7}]}]}]})");
  writeFile(feed / "secdb.json", R"({"distroversion": "v3.18", "urlprefix": "x", "packages": [
    {"pkg": {"name": "zlib", "secfixes": {"1.2.12-r0": ["CVE-2018-25032"]}}},
    {"pkg": {"secfixes": {}}}, {"nopkg": 1}]})");
  writeFile(feed / "README.md", "not read");
  writeZip(dir / "osv.zip", {{"TEST-5.json", R"({"id": "TEST-5", "modified": "x",
    "affected": [{"package": {"ecosystem": "PyPI", "name": "Foo_Bar"}, "versions": ["1.0"]}]})"},
                             {"bad.json", "{\"id\": "}});

  TempDir dbDir;
  bulwark::vuln::VulnDb db((dbDir / "v.sqlite").string(), true);
  auto summary = bulwark::vuln::importSources(db, {feed.string(), (dir / "osv.zip").string()});
  std::map<std::string, std::string> problems;  // file name -> "place: message"
  for (const auto& p : summary.problems)
    problems[fs::path(p.file).filename().string()] = p.place + ": " + p.message;
  CHECK(problems.size() == 7);
  CHECK_THAT(problems["truncated.json"], Catch::StartsWith("byte 6"));
  CHECK_THAT(problems["garbage.json"], Catch::StartsWith("byte 1: invalid JSON"));
  CHECK_THAT(problems["broken.yaml"], Catch::StartsWith("line 4, column 1: invalid YAML"));
  CHECK(problems["noevents.json"] == "affected[0].ranges[0]: range has no 'introduced' event");
  CHECK(problems["badevent.json"] ==
        "affected[0].ranges[0].events[0]: event version must be a string");
  CHECK_THAT(problems["secdb.json"], Catch::StartsWith("packages["));
  REQUIRE(problems.count("osv.zip!bad.json") == 1);
  CHECK_THAT(problems["osv.zip!bad.json"], Catch::StartsWith("byte "));
  CHECK(summary.records == 3);  // TEST-1, CVE-2018-25032 for zlib, TEST-5 from the zip

  auto status = db.status();
  std::map<std::string, int64_t> byEcosystem;
  for (const auto& e : status.ecosystems)
    byEcosystem[e.ecosystem] = e.advisories;
  CHECK(byEcosystem["npm"] == 1);
  CHECK(byEcosystem["alpine 3.18"] == 1);
  CHECK(byEcosystem["pypi"] == 1);
  // PyPI names are stored normalised (PEP 503), so "foo-bar" finds "Foo_Bar".
  CHECK(db.affectedRows("pypi", "foo-bar").size() == 1);
}

TEST_CASE("vulndb refuses files that are not its databases", "[vuln][vulndb]") {
  TempDir dir;
  writeFile(dir / "junk.sqlite", "this is not sqlite");
  CHECK_THROWS_AS(bulwark::vuln::VulnDb((dir / "junk.sqlite").string(), false),
                  bulwark::vuln::VulnDbError);
  CHECK_THROWS_AS(bulwark::vuln::VulnDb((dir / "missing.sqlite").string(), false),
                  bulwark::vuln::VulnDbError);
}

TEST_CASE("garbage and truncated zip files are reported, never fatal", "[vuln][vulndb]") {
  TempDir dir;
  std::string record = R"({"id": "TEST-Z", "modified": "x", "affected": [{"package":
    {"ecosystem": "Go", "name": "example.com/m"}, "ranges": [{"type": "SEMVER", "events":
    [{"introduced": "0"}, {"fixed": "1.2.3"}]}]}], "details": ")" +
                       std::string(200000, 'x') + "\"}";
  writeZip(dir / "whole.zip", {{"a.json", record}});
  std::string bytes = bulwark::test::readFile(dir / "whole.zip");
  REQUIRE(bytes.size() > 100);
  writeFile(dir / "truncated.zip", bytes.substr(0, bytes.size() / 2));
  writeFile(dir / "garbage.zip", "PK\x03\x04 this is no zip at all");
  writeFile(dir / "empty.zip", "");
  TempDir dbDir;
  bulwark::vuln::VulnDb db((dbDir / "v.sqlite").string(), true);
  auto summary = bulwark::vuln::importSources(
      db, {(dir / "truncated.zip").string(), (dir / "garbage.zip").string(),
           (dir / "empty.zip").string(), (dir / "whole.zip").string()});
  CHECK(summary.records == 1);
  std::set<std::string> reported;
  for (const auto& p : summary.problems)
    reported.insert(fs::path(p.file.substr(0, p.file.find('!'))).filename().string());
  CHECK(reported == std::set<std::string>{"truncated.zip", "garbage.zip", "empty.zip"});
}

TEST_CASE("a YAML alias bomb is refused instead of expanded", "[vuln][vulndb]") {
  TempDir dir;
  std::string yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
  for (int i = 1; i < 12; ++i) {
    yaml += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int k = 0; k < 10; ++k)
      yaml += (k ? ", *a" : "*a") + std::to_string(i - 1);
    yaml += "]\n";
  }
  writeFile(dir / "bomb.yaml", yaml);
  TempDir dbDir;
  bulwark::vuln::VulnDb db((dbDir / "v.sqlite").string(), true);
  auto summary = bulwark::vuln::importSources(db, {(dir / "bomb.yaml").string()});
  REQUIRE(summary.problems.size() == 1);
  CHECK_THAT(summary.problems[0].message, Catch::Contains("more than a million nodes"));
}
