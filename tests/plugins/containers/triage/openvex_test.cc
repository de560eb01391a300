// OpenVEX 0.2.0 documents: statements, products with identifiers and subcomponents; bad
// documents fail naming the file and the byte offset or JSON path.
#include <catch2/catch.hpp>

#include "image/triage/openvex.h"
#include "image/triage/triage.h"
#include "image/triage/triage_error.h"
#include "support/test_support.h"

using namespace bulwark;
using namespace bulwark::test;

namespace {

// Shaped after the examples of the OpenVEX specification (v0.2.0).
const char* kDocument = R"({
  "@context": "https://openvex.dev/ns/v0.2.0",
  "@id": "https://example.com/vex/app-2026-11",
  "author": "Example Security Team <security@example.com>",
  "timestamp": "2026-11-01T10:00:00Z",
  "version": 1,
  "statements": [
    {
      "vulnerability": {
        "@id": "https://nvd.nist.gov/vuln/detail/CVE-2021-23337",
        "name": "CVE-2021-23337",
        "aliases": ["GHSA-35jh-r3h4-6jhm"]
      },
      "products": [
        {
          "@id": "pkg:oci/app@sha256%3A0123456789abcdef?repository_url=registry.example.com/app",
          "subcomponents": [{"@id": "pkg:npm/lodash@4.17.15"}]
        }
      ],
      "status": "not_affected",
      "justification": "vulnerable_code_not_in_execute_path",
      "impact_statement": "template() never receives user input"
    },
    {
      "vulnerability": {"name": "CVE-2021-44906"},
      "products": [{"@id": "pkg:npm/minimist", "identifiers": {"purl": "pkg:npm/minimist"}}],
      "status": "under_investigation"
    },
    {
      "vulnerability": {"name": "CVE-2022-25883"},
      "products": [{"@id": "pkg:npm/semver@5.7.1"}],
      "status": "fixed"
    }
  ]
})";

std::string errorOf(const std::string& text) {
  TempDir dir;
  writeFile(dir / "doc.vex.json", text);
  try {
    image::loadOpenVex((dir / "doc.vex.json").string());
  } catch (const image::TriageError& e) {
    std::string message = e.what();
    return message.substr(message.find("doc.vex.json") + std::string("doc.vex.json").size());
  }
  return "no error";
}

std::string withStatement(const std::string& statement) {
  return R"({"@context": "https://openvex.dev/ns/v0.2.0", "statements": [)" + statement + "]}";
}

}  // namespace

TEST_CASE("OpenVEX statements carry vulnerability ids, products, status and justification") {
  TempDir dir;
  writeFile(dir / "app.vex.json", kDocument);
  auto statements = image::loadOpenVex((dir / "app.vex.json").string());
  REQUIRE(statements.size() == 3);
  const auto& first = statements[0];
  CHECK(first.vulnerabilityIds ==
        std::vector<std::string>{"CVE-2021-23337",
                                 "https://nvd.nist.gov/vuln/detail/CVE-2021-23337",
                                 "GHSA-35jh-r3h4-6jhm"});
  CHECK(first.status == "not_affected");
  CHECK(first.justification == "vulnerable_code_not_in_execute_path");
  CHECK(first.impactStatement == "template() never receives user input");
  REQUIRE(first.products.size() == 1);
  REQUIRE(first.products[0].subcomponents.size() == 1);
  CHECK(first.products[0].subcomponents[0][0] == "pkg:npm/lodash@4.17.15");
  CHECK(first.origin == (dir / "app.vex.json").string() + "#/statements/0");
  CHECK(image::vexSetsAside(first));
  CHECK(statements[1].products[0].ids.size() == 2);
  CHECK_FALSE(image::vexSetsAside(statements[1]));
  CHECK(image::vexSetsAside(statements[2]));
}

TEST_CASE("bad OpenVEX documents name the file and the byte or the JSON path") {
  std::string truncated(kDocument);
  truncated.resize(truncated.size() / 2);
  CHECK_THAT(errorOf(truncated),
             Catch::StartsWith(": byte " + std::to_string(truncated.size() + 1)));
  CHECK(errorOf(R"({"@context": "https://example.com", "statements": []})") ==
        ": /@context: not an OpenVEX document (@context is 'https://example.com')");
  CHECK(errorOf(R"({"@context": "https://openvex.dev/ns/v0.2.0"})") ==
        ": /statements: missing or not a list");
  CHECK(
      errorOf(withStatement(
          R"({"vulnerability": {"name": "CVE-1"}, "products": [{"@id": "x"}], "status": "ok"})")) ==
      ": /statements/0/status: unknown status 'ok' (not_affected, affected, fixed, "
      "under_investigation)");
  CHECK(errorOf(withStatement(R"({"vulnerability": {"name": "CVE-1"}, "products": [{"@id": "x"}],
                                  "status": "not_affected"})")) ==
        ": /statements/0: a not_affected statement needs a justification or an impact_statement");
  CHECK(errorOf(withStatement(R"({"vulnerability": {"name": "CVE-1"}, "status": "fixed"})")) ==
        ": /statements/0/products: missing or empty (the statement would apply to nothing)");
  CHECK(errorOf(withStatement(R"({"vulnerability": {"@id": "x"}, "products": [{"@id": "x"}],
                                  "status": "fixed"})")) ==
        ": /statements/0/vulnerability/name: missing");
  CHECK(errorOf(withStatement(R"({"vulnerability": {"name": "CVE-1"}, "products": [{"@id": 7}],
                                  "status": "fixed"})")) ==
        ": /statements/0/products/0/@id: must be a string");
  CHECK(errorOf(withStatement(R"({"vulnerability": {"name": "CVE-1"}, "products": [{"@id": "x"}],
                  "status": "not_affected", "justification": "because"})")) ==
        ": /statements/0/justification: unknown justification 'because'");
}

TEST_CASE("garbage never crashes the OpenVEX reader") {
  const char* garbage[] = {"",
                           "\x01\xff\xfe",
                           "[]",
                           "null",
                           "{\"statements\": 5}",
                           "{\"@context\": 5}",
                           R"({"@context": "https://openvex.dev/ns/v0.2.0",
                           "statements": [1, "x", null]})"};
  for (const char* text : garbage) {
    INFO(text);
    CHECK(errorOf(text) != "no error");
  }
}

TEST_CASE("package URLs match ignoring qualifiers, and a versionless one matches every version") {
  CHECK(image::purlNamesPackage("pkg:npm/lodash@4.17.15", "pkg:npm/lodash@4.17.15"));
  CHECK(image::purlNamesPackage("pkg:npm/lodash", "pkg:npm/lodash@4.17.15"));
  CHECK_FALSE(image::purlNamesPackage("pkg:npm/lodash@4.17.21", "pkg:npm/lodash@4.17.15"));
  CHECK_FALSE(image::purlNamesPackage("pkg:npm/lodash-es", "pkg:npm/lodash@4.17.15"));
  CHECK(image::purlNamesPackage(
      "pkg:deb/debian/openssl@3.0.11-1~deb12u2",
      "pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64&distro=debian-12"));
  CHECK(
      image::purlNamesPackage("pkg:deb/debian/libc6@1:2.36-9", "pkg:deb/debian/libc6@1%3A2.36-9"));
  CHECK(image::purlNamesPackage("pkg:npm/@babel/core", "pkg:npm/%40babel/core@7.0.0"));
  CHECK(image::purlNamesPackage("pkg:NPM/lodash", "pkg:npm/lodash@1.0.0"));
  CHECK_FALSE(image::purlNamesPackage("pkg:pypi/lodash", "pkg:npm/lodash@1.0.0"));
}
