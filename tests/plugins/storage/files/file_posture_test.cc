// storage.file-share-soft-delete, storage.smb-secure-settings and storage.lifecycle-management
// on the sample estate and the corpus storage examples. The expected verdict of every account
// is worked out here from its fileServices and managementPolicies documents.
#include <catch2/catch.hpp>
#include <map>

#include "config/config.h"
#include "inventory/arm_snapshot.h"
#include "inventory/inventory.h"
#include "scan/scan_runner.h"
#include "support/test_support.h"

using namespace bulwark;
using bulwark::test::TempDir;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

ScanRecord scan(const TempDir& dir, const fs::path& inventory) {
  auto file = test::writeConfig(dir, {{"storage", ""}}, {inventory});
  Config config = loadConfig(file.string());
  ScanOptions options;
  options.pluginDirs = {test::pluginDir().string()};
  return runScan(config, options);
}

std::string stateOf(const ScanRecord& s, const std::string& accountId,
                    const std::string& assessment) {
  for (const auto& r : s.results) {
    if (r.assessmentId == assessment && toLowerAscii(r.resourceId) == toLowerAscii(accountId))
      return stateName(r.state);
  }
  return "missing";
}

const json* child(const json& account, const std::string& typeSuffix) {
  auto children = account.find("children");
  if (children == account.end() || !children->is_array()) return nullptr;
  for (const auto& c : *children) {
    std::string type = c.value("type", "");
    if (type.size() >= typeSuffix.size() &&
        type.compare(type.size() - typeSuffix.size(), std::string::npos, typeSuffix) == 0)
      return &c;
  }
  return nullptr;
}

// Expected verdicts from the documents: soft delete needs enabled and >= 7 days; SMB must be
// exactly SMB3.1.1 and AES-256-GCM (absent settings are Azure's permissive defaults);
// lifecycle needs one rule not disabled, on accounts that hold blobs.
std::map<std::string, std::string> expected(const json& account) {
  std::map<std::string, std::string> e;
  auto ok = [](bool good) { return std::string(good ? "Healthy" : "Unhealthy"); };
  const json* files = child(account, "/fileServices");
  if (files == nullptr) {
    e["storage.file-share-soft-delete"] = e["storage.smb-secure-settings"] = "NotApplicable";
  } else {
    json p = files->value("properties", json::object());
    json policy = p.value("shareDeleteRetentionPolicy", json::object());
    e["storage.file-share-soft-delete"] =
        ok(policy.value("enabled", false) && policy.value("days", 7) >= 7);
    json smb = p.value("protocolSettings", json::object()).value("smb", json::object());
    e["storage.smb-secure-settings"] = ok(smb.value("versions", "") == "SMB3.1.1" &&
                                          smb.value("channelEncryption", "") == "AES-256-GCM");
  }
  std::string kind = account.value("kind", "");
  if (kind == "Storage" || kind == "FileStorage") {
    e["storage.lifecycle-management"] = "NotApplicable";
  } else {
    bool any = false;
    if (const json* m = child(account, "/managementPolicies")) {
      for (const auto& rule : m->value("properties", json::object())
                                  .value("policy", json::object())
                                  .value("rules", json::array()))
        any |= rule.value("enabled", true);
    }
    e["storage.lifecycle-management"] = ok(any);
  }
  return e;
}

size_t compare(const fs::path& inventoryPath) {
  TempDir dir;
  ScanRecord s = scan(dir, inventoryPath);
  SnapshotLoad load;
  readArmSnapshot(inventoryPath.string(), load);
  std::vector<SnapshotProblem> problems;
  Inventory inventory;
  inventory.add(load, problems);
  inventory.link();
  size_t compared = 0;
  for (size_t i : inventory.ofType("Microsoft.Storage/storageAccounts", {})) {
    json account = inventory.withChildren(i);
    for (const auto& [assessment, state] : expected(account)) {
      INFO(account["id"] << " " << assessment);
      CHECK(stateOf(s, account["id"], assessment) == state);
      ++compared;
    }
  }
  return compared;
}

}  // namespace

TEST_CASE("Azure Files and lifecycle checks on the sample estate match its documents",
          "[storage][posture][files]") {
  fs::path estate = test::sourceDir() / "config" / "samples" / "estate";
  CHECK(compare(estate) == 9 * 3);

  TempDir dir;
  ScanRecord s = scan(dir, estate);
  auto web =
      "/subscriptions/3f2a8c4e-9b1d-4e7a-8c5f-2d6b9e0a1c3f/resourceGroups/rg-prod-web/"
      "providers/Microsoft.Storage/storageAccounts/contosoprodweb01";
  for (const auto& r : s.results) {
    if (r.assessmentId == "storage.smb-secure-settings" && r.resourceId == web) {
      CHECK(r.reason ==
            "SMB3.0 is allowed; AES-128-CCM channel encryption; AES-128-GCM channel "
            "encryption");
    }
  }
}

TEST_CASE("Azure Files and lifecycle checks on the corpus storage examples",
          "[storage][posture][files][corpus]") {
  fs::path corpus = test::corpusDir();
  if (corpus.empty()) {
    BULWARK_SKIP("../shared/corpus is absent; skipping");
    return;
  }
  // The examples carry no fileServices or managementPolicies: the file checks are
  // NotApplicable and every blob-holding account lacks a lifecycle policy.
  const size_t accounts =
      test::countResourcesWithJq(corpus / "arm-examples", "Microsoft.Storage/storageAccounts");
  CHECK(accounts > 0);
  CHECK(compare(corpus / "arm-examples") == accounts * 3);
}
