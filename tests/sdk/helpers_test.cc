// The SDK's header-only helpers every plugin uses instead of its own copy: text, time, files,
// findings and distro package queries, with the malformed inputs they meet.
#include <catch2/catch.hpp>

#include <bulwark/sdk/files.hpp>
#include <bulwark/sdk/findings.hpp>
#include <bulwark/sdk/text.hpp>
#include <bulwark/sdk/time.hpp>
#include <bulwark/sdk/vulndb.hpp>

#include "support/test_support.h"

using namespace bulwark;
namespace fs = std::filesystem;

TEST_CASE("sdk text: ASCII case and percent encoding round trip, malformed escapes kept") {
  CHECK(sdk::lower("Microsoft.Storage/StorageAccounts") == "microsoft.storage/storageaccounts");
  CHECK(sdk::iequals("blobServices", "BLOBSERVICES"));
  CHECK_FALSE(sdk::iequals("blobServices", "blobService"));
  CHECK(sdk::endsWithIgnoreCase("Microsoft.Sql/servers/FirewallRules", "/firewallrules"));
  CHECK_FALSE(sdk::endsWithIgnoreCase("rules", "firewallRules"));
  std::string raw = "a b/c?d=e&f%~_.-\xc3\xa9";
  CHECK(sdk::percentEncode(raw) == "a%20b%2Fc%3Fd%3De%26f%25~_.-%C3%A9");
  CHECK(sdk::percentDecode(sdk::percentEncode(raw)) == raw);
  CHECK(sdk::percentDecode("100%") == "100%");
  CHECK(sdk::percentDecode("%4") == "%4");
  CHECK(sdk::percentDecode("%zz%41") == "%zzA");
}

TEST_CASE("sdk time: ISO 8601 parsed with offsets and fractions, formatted in UTC") {
  CHECK(sdk::parseIsoTime("1970-01-01T00:00:00Z") == 0);
  CHECK(sdk::parseIsoTime("2025-09-02T09:00:13+02:00") ==
        sdk::parseIsoTime("2025-09-02T07:00:13Z"));
  CHECK(sdk::parseIsoTime("2025-09-02T07:00:13.1180000Z") ==
        sdk::parseIsoTime("2025-09-02T07:00:13Z"));
  for (const char* bad : {"", "2025", "2025-13-01", "2025-09-02T25:00:00Z", "2025-09-02T07:00:13X",
                          "yesterday", "2025-09-02T07:00:13+0"})
    CHECK_FALSE(sdk::parseIsoTime(bad).has_value());
  CHECK(sdk::formatIsoTime(1756796413) == "2025-09-02T07:00:13Z");
  std::string now = sdk::utcNowIso8601();
  REQUIRE(now.size() == 20);
  CHECK(sdk::parseIsoTime(now).has_value());
  CHECK(sdk::utcToday() == now.substr(0, 10));
}

TEST_CASE("sdk files: written whole, or an error naming the file and no leftover") {
  test::TempDir dir;
  fs::path target = dir / "report.json";
  sdk::writeFileAtomically(target, "first");
  sdk::writeFileAtomically(target, "second, longer");
  CHECK(test::readFile(target) == "second, longer");
  CHECK_FALSE(fs::exists(dir / "report.json.tmp"));
  fs::path missing = dir / "no-such-folder" / "report.json";
  CHECK_THROWS_WITH(sdk::writeFileAtomically(missing, "x"), Catch::Contains(missing.string()));
  CHECK_FALSE(fs::exists(dir / "no-such-folder"));
}

TEST_CASE("sdk findings and distro queries: counted by severity, source versions matched") {
  sdk::FindingSummary summary;
  for (size_t i = 0; i < sdk::kMaxEvidenceFindings + 5; ++i)
    summary.add({{"n", i}}, i % 2 == 0 ? "High" : "");
  CHECK(summary.total == sdk::kMaxEvidenceFindings + 5);
  CHECK(summary.rows.size() == sdk::kMaxEvidenceFindings);
  CHECK(summary.text() == "55 findings (28 High, 27 Unknown)");
  CHECK(sdk::FindingSummary{}.text() == "0 findings");

  auto binNmu = sdk::distroPackageQuery("debian", "12", "libssl3", "3.0.11-1~deb12u2+b1", "openssl",
                                        "3.0.11-1~deb12u2");
  CHECK(binNmu.version == "3.0.11-1~deb12u2");
  CHECK(binNmu.sourcePackage == "openssl");
  CHECK(binNmu.distro == "debian");
  CHECK(binNmu.release == "12");
  CHECK(sdk::distroPackageQuery("alpine", "3.19", "musl", "1.2.4-r2").version == "1.2.4-r2");
}
