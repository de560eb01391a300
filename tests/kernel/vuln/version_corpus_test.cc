// Every comparison line of the osv-scalibr version corpus, checked in both directions, for
// the ecosystems Bulwark's matcher orders: Debian, Alpine, Red Hat, PyPI, Maven, SemVer and
// RubyGems.
#include <catch2/catch.hpp>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <string>

#include "support/test_support.h"
#include "vuln/version/compare.h"

namespace {

using bulwark::vuln::VersionScheme;
namespace fs = std::filesystem;

// From the corpus README (upstream compare_test.go): which comparator each file tests.
std::optional<VersionScheme> schemeForFile(const std::string& name) {
  static const std::map<std::string, VersionScheme> kPrefixes = {
      {"debian-", VersionScheme::Dpkg},      {"alpine-", VersionScheme::Apk},
      {"redhat-", VersionScheme::Rpm},       {"pypi-", VersionScheme::Pep440},
      {"maven-", VersionScheme::Maven},      {"semver-", VersionScheme::Semver},
      {"rubygems-", VersionScheme::RubyGems}};
  for (const auto& [prefix, scheme] : kPrefixes) {
    if (name.rfind(prefix, 0) == 0) return scheme;
  }
  return std::nullopt;
}

struct Comparison {
  std::string left, right;
  int expected = 0;  // -1, 0, 1
};

std::optional<Comparison> parseLine(const std::string& line) {
  if (line.empty() || line.rfind("#", 0) == 0 || line.rfind("//", 0) == 0) return std::nullopt;
  for (size_t i = 0; i + 2 < line.size(); ++i) {
    if (line[i] == ' ' && line[i + 2] == ' ' &&
        (line[i + 1] == '<' || line[i + 1] == '=' || line[i + 1] == '>')) {
      int op = line[i + 1] == '<' ? -1 : (line[i + 1] == '=' ? 0 : 1);
      return Comparison{line.substr(0, i), line.substr(i + 3), op};
    }
  }
  return std::nullopt;
}

int sign(int v) {
  return v < 0 ? -1 : (v > 0 ? 1 : 0);
}

}  // namespace

TEST_CASE("version comparators agree with every line of the osv-scalibr corpus",
          "[vuln][version]") {
  fs::path corpus = bulwark::test::corpusDir();
  if (corpus.empty()) {
    BULWARK_SKIP("corpus absent; skipping");
    return;
  }
  fs::path dir = corpus / "versions" / "osv-scalibr-semantic";
  REQUIRE(fs::is_directory(dir));
  std::map<std::string, fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == ".txt") files[entry.path().filename().string()] = entry.path();
  }
  int testedFiles = 0;
  for (const auto& [name, path] : files) {
    auto scheme = schemeForFile(name);
    if (!scheme) {
      std::cout << "version corpus: " << name << ": no comparator for this ecosystem (skipped)\n";
      continue;
    }
    ++testedFiles;
    std::ifstream in(path);
    std::string line;
    int lineNo = 0, total = 0, passed = 0;
    while (std::getline(in, line)) {
      ++lineNo;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      auto cmp = parseLine(line);
      if (!cmp) continue;
      ++total;
      int forward = sign(bulwark::vuln::compareVersions(*scheme, cmp->left, cmp->right));
      int backward = sign(bulwark::vuln::compareVersions(*scheme, cmp->right, cmp->left));
      if (forward == cmp->expected && backward == -cmp->expected) {
        ++passed;
      } else {
        UNSCOPED_INFO(name << ":" << lineNo << ": " << line << " (got " << forward << ", reverse "
                           << backward << ")");
      }
    }
    std::cout << "version corpus: " << name << " (" << bulwark::vuln::schemeName(*scheme)
              << "): " << passed << "/" << total << " lines pass both ways\n";
    CHECK(total > 0);
    CHECK(passed == total);
  }
  CHECK(testedFiles == 12);
}
