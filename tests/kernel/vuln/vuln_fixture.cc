#include "kernel/vuln/vuln_fixture.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <memory>

#include "support/test_support.h"
#include "vuln/db/importer.h"

namespace bulwark::test {

std::filesystem::path vulndbCorpus() {
  auto corpus = corpusDir();
  if (corpus.empty() || !std::filesystem::is_directory(corpus / "vulndb")) return {};
  return corpus / "vulndb";
}

std::filesystem::path sharedVulnDb() {
  static std::unique_ptr<TempDir> dir;
  static std::filesystem::path db;
  auto corpus = vulndbCorpus();
  if (corpus.empty()) return {};
  if (db.empty()) {
    dir = std::make_unique<TempDir>();
    db = *dir / "vulndb.sqlite";
    std::string vulnsrc = (corpus / "trivy-db-testdata/pkg/vulnsrc").string();
    vuln::VulnDb vdb(db.string(), true);
    auto summary = vuln::importSources(
        vdb, {(corpus / "github-advisory-database").string(),
              (corpus / "pypa-advisory-database").string(), vulnsrc + "/debian/testdata/happy",
              vulnsrc + "/alpine/testdata/happy"});
    for (const auto& p : summary.problems)
      WARN("fixture import problem: " << p.str());
    REQUIRE(summary.problems.empty());
  }
  return db;
}

nlohmann::json readJsonFile(const std::filesystem::path& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}

}  // namespace bulwark::test
