// `bulwark data update` refreshes the storage rules' Tor exit and malware lists, and
// `bulwark detect --data-dir` then fires on the new entries only; a bad file changes nothing.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <set>

#include "detect/rules/rule_lists.h"
#include "logs/blob_log_generator.h"
#include "support/test_support.h"

using bulwark::test::runBulwark;
using bulwark::test::TempDir;
using namespace bulwark::storage::logs;
namespace fs = std::filesystem;

namespace {

// Rules fired by `bulwark detect` with the storage plugin's rule file over `log`, lists from
// `dataDir`.
std::set<std::string> storageRules(const fs::path& log, const fs::path& dataDir) {
  fs::path pack = bulwark::test::sourceDir() / "plugins" / "storage" / "rules" / "storage.yaml";
  auto r = runBulwark({"detect", "--source", "storage-blob-logs:" + log.string(), "--rules",
                       pack.string(), "--config", "", "--format", "json", "--no-store",
                       "--data-dir", dataDir.string()});
  INFO(r.err);
  REQUIRE(r.exitCode == 0);
  std::set<std::string> rules;
  for (const auto& a : nlohmann::json::parse(r.out))
    rules.insert(a.at("rule").get<std::string>());
  return rules;
}

}  // namespace

TEST_CASE("a refreshed Tor exit list and malware list change what the storage rules see",
          "[datalists][cli]") {
  TempDir dir;
  GeneratorOptions o;
  o.cleanRecords = 200;
  o.torExitIp = "198.18.7.9";  // not on the shipped placeholder list
  o.malwareContent = "not EICAR, but on the operator's list";
  auto logs = generateBlobLogs(
      o, {{AttackKind::TorExitAccess, o.startUnixSeconds + 600, "", 0},
          {AttackKind::MalwareUpload, o.startUnixSeconds + 1200, o.clientIps[0], 0}});
  fs::path log = dir / "blob.jsonl";
  bulwark::test::writeFile(log, toJsonLines(logs));
  fs::path data = dir / "data";

  // Shipped lists: neither the address nor the hash is on them.
  CHECK(storageRules(log, data).count("storage.blob.tor-exit-access") == 0);
  CHECK(storageRules(log, data).count("storage.blob.malware-upload") == 0);

  bulwark::test::writeFile(dir / "exit-addresses",
                           "ExitNode 0011BD2485AD45D984EC4159C88FC066E5E3300E\n"
                           "Published 2026-11-28 14:45:33\n"
                           "LastStatus 2026-11-28 15:00:00\n"
                           "ExitAddress 198.18.7.9 2026-11-28 15:07:41\n"
                           "ExitAddress 198.18.7.10 2026-11-28 15:07:41\n");
  auto update = runBulwark({"data", "update", "tor-exits", (dir / "exit-addresses").string(),
                            "--data-dir", data.string()});
  INFO(update.err);
  REQUIRE(update.exitCode == 0);
  CHECK_THAT(update.out, Catch::StartsWith("tor-exits: 2 entries (2 IPv4, 0 IPv6), 0 duplicate "
                                           "lines dropped, written to "));

  // The uploaded content's MD5, computed here from the generator's RequestMd5 (base64).
  std::string md5Base64;
  for (size_t i : logs.attacks[1].recordIndexes) {
    if (logs.records[i]["OperationName"] == "PutBlob")
      md5Base64 = logs.records[i]["RequestMd5"].get<std::string>();
  }
  REQUIRE(!md5Base64.empty());
  static const std::string kB64 =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string hex;
  uint32_t buffer = 0;
  int bits = 0;
  for (char c : md5Base64) {
    if (c == '=') break;
    buffer = (buffer << 6) | static_cast<uint32_t>(kB64.find(c));
    if ((bits += 6) >= 8) {
      bits -= 8;
      char byte[3];
      std::snprintf(byte, sizeof byte, "%02x", (buffer >> bits) & 0xff);
      hex += byte;
    }
  }
  bulwark::test::writeFile(dir / "hashes.md5", hex + "  upload.bin\n");
  REQUIRE(runBulwark({"data", "update", "malware-md5", (dir / "hashes.md5").string(), "--data-dir",
                      data.string()})
              .exitCode == 0);

  std::set<std::string> fired = storageRules(log, data);
  CHECK(fired.count("storage.blob.tor-exit-access") == 1);
  CHECK(fired.count("storage.blob.malware-upload") == 1);

  // A broken download is refused and the list in place stays as it was.
  std::string before = bulwark::test::readFile(bulwark::detect::ruleListPath(data, "tor-exits"));
  bulwark::test::writeFile(dir / "broken", "198.18.7.11\n<html>503 Service Unavailable\n");
  auto refused = runBulwark(
      {"data", "update", "tor-exits", (dir / "broken").string(), "--data-dir", data.string()});
  CHECK(refused.exitCode == 2);
  CHECK_THAT(refused.err, Catch::Contains((dir / "broken").string() + ":2: ") &&
                              Catch::Contains("the list was not changed"));
  CHECK(bulwark::test::readFile(bulwark::detect::ruleListPath(data, "tor-exits")) == before);
  CHECK(runBulwark({"data", "update", "tor-exits", (dir / "missing").string(), "--data-dir",
                    data.string()})
            .exitCode == 2);
}
