// The ignore file: entries with id, package, expiry and reason; malformed files fail with
// FILE:LINE:COLUMN.
#include <catch2/catch.hpp>

#include "image/triage/ignore_file.h"
#include "image/triage/triage_error.h"
#include "support/test_support.h"

using namespace bulwark;
using namespace bulwark::test;

namespace {

std::string errorOf(const std::string& text) {
  TempDir dir;
  writeFile(dir / "ignore.yaml", text);
  try {
    image::loadIgnoreFile((dir / "ignore.yaml").string());
  } catch (const image::TriageError& e) {
    std::string message = e.what();
    // Callers see the file name; tests compare what follows it.
    return message.substr(message.find("ignore.yaml") + std::string("ignore.yaml").size());
  }
  return "no error";
}

}  // namespace

TEST_CASE("ignore file entries carry id, package, version, expiry, reason and origin") {
  TempDir dir;
  writeFile(dir / "ignore.yaml",
            "# accepted risks\n"
            "ignore:\n"
            "  - id: CVE-2021-23337\n"
            "    package: lodash\n"
            "    reason: template() is never called with user input\n"
            "  - id: GHSA-xvch-5gv4-984h\n"
            "    package: {name: minimist, version: 1.2.0}\n"
            "    expires: 2025-01-31\n"
            "    reason: build-time only\n"
            "  - id: CVE-2099-1\n"
            "    reason: any package\n");
  auto entries = image::loadIgnoreFile((dir / "ignore.yaml").string());
  REQUIRE(entries.size() == 3);
  CHECK(entries[0].id == "CVE-2021-23337");
  CHECK(entries[0].packageName == "lodash");
  CHECK(entries[0].packageVersion.empty());
  CHECK(entries[0].reason == "template() is never called with user input");
  CHECK(entries[0].origin == (dir / "ignore.yaml").string() + ":3:5");
  CHECK(entries[1].packageName == "minimist");
  CHECK(entries[1].packageVersion == "1.2.0");
  CHECK(entries[1].expires == "2025-01-31");
  CHECK(entries[2].packageName.empty());
  CHECK(image::ignoreEntryExpired(entries[1], "2025-02-01"));
  CHECK_FALSE(image::ignoreEntryExpired(entries[1], "2025-01-31"));
  CHECK_FALSE(image::ignoreEntryExpired(entries[0], "2999-12-31"));
}

TEST_CASE("an ignore file may be a bare list, or empty") {
  TempDir dir;
  writeFile(dir / "list.yaml", "- {id: CVE-1, reason: r}\n- {id: CVE-2, reason: s}\n");
  CHECK(image::loadIgnoreFile((dir / "list.yaml").string()).size() == 2);
  writeFile(dir / "empty.yaml", "# nothing ignored yet\n");
  CHECK(image::loadIgnoreFile((dir / "empty.yaml").string()).empty());
}

TEST_CASE("malformed ignore files name the file, line and column") {
  CHECK(errorOf("ignore:\n  - id: CVE-1\n    reason: [unclosed\n") ==
        ":4:1: invalid YAML: end of sequence flow not found");
  CHECK(errorOf("ignore:\n  - id: CVE-1\n    package: lodash\n") ==
        ":2:5: the ignore entry for CVE-1 needs a 'reason'");
  CHECK(errorOf("ignore:\n  - reason: no id\n") ==
        ":2:5: an ignore entry needs an 'id' (advisory id or alias)");
  CHECK(errorOf("ignore:\n  - id: CVE-1\n    reason: r\n    expires: next year\n") ==
        ":4:14: 'expires' must be a date YYYY-MM-DD, not 'next year'");
  CHECK(errorOf("ignore:\n  - id: CVE-1\n    reason: r\n    expiry: 2025-01-01\n") ==
        ":4:5: unknown key 'expiry' (expected id, package, expires, reason)");
  CHECK(errorOf("ignores:\n  - id: CVE-1\n") == ":1:1: unknown key 'ignores' (expected 'ignore')");
  CHECK(errorOf("ignore: CVE-1\n") == ":1:9: expected a list of ignore entries");
  CHECK(errorOf("ignore:\n  - id: [a, b]\n    reason: r\n") == ":2:9: 'id' must be a single value");
  CHECK(errorOf("ignore:\n  - id: CVE-1\n    reason: r\n    package: {version: 1}\n") ==
        ":4:14: 'package' needs a name");
}

TEST_CASE("garbage never crashes the ignore file reader") {
  const char* garbage[] = {"\x01\x02\xff\xfe", "{{{{",
                           "- - - -",          ": : :",
                           "ignore: [1, 2]",   "ignore:\n  - [1]\n",
                           "\t\tfoo",          "ignore:\n  - id: x\n  reason"};
  for (const char* text : garbage) {
    INFO(text);
    CHECK(errorOf(text) != "no error");
  }
  CHECK_THROWS_WITH(image::loadIgnoreFile("/nonexistent/ignore.yaml"),
                    "/nonexistent/ignore.yaml: cannot read the ignore file");
}
