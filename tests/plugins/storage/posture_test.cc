// The storage posture checks on the sample estate and the ARM examples of the corpus. The
// expected verdicts are derived here from the documents themselves, rule by rule from the
// Azure Policy built-ins (an oracle written independently of the plugin), and the estate
// README's statements about its deliberately insecure accounts are checked as written.
#include <catch2/catch.hpp>

#include <chrono>
#include <fstream>
#include <map>
#include <set>

#include "config/config.h"
#include "inventory/arm_snapshot.h"
#include "inventory/inventory.h"
#include "scan/scan_runner.h"
#include "support/test_support.h"

using namespace bulwark;
using bulwark::test::TempDir;
using nlohmann::json;

namespace {

const char* kCis = "CIS Microsoft Azure Foundations Benchmark v3.0.0";

ScanRecord scan(const TempDir& dir, const std::vector<std::filesystem::path>& inventory,
                const std::string& settings = "") {
  auto file = test::writeConfig(dir, {{"storage", settings}}, inventory);
  Config config = loadConfig(file.string());
  ScanOptions options;
  options.pluginDirs = {test::pluginDir().string()};
  return runScan(config, options);
}

const json* at(const json& doc, std::initializer_list<const char*> path) {
  const json* node = &doc;
  for (const char* key : path) {
    if (!node->is_object() || !node->contains(key)) return nullptr;
    node = &(*node)[key];
  }
  return node;
}

bool isTrue(const json* v) {
  return v != nullptr && ((v->is_boolean() && v->get<bool>()) || (v->is_string() && *v == "true"));
}
bool isFalse(const json* v) {
  return v != nullptr &&
         ((v->is_boolean() && !v->get<bool>()) || (v->is_string() && *v == "false"));
}
std::string text(const json* v) {
  return v != nullptr && v->is_string() ? v->get<std::string>() : std::string{};
}

const json* blobServiceOf(const json& account) {
  const json* children = at(account, {"children"});
  if (children == nullptr || !children->is_array()) return nullptr;
  for (const auto& c : *children) {
    if (text(at(c, {"type"})) == "Microsoft.Storage/storageAccounts/blobServices") return &c;
  }
  return nullptr;
}

int64_t daysSinceEpoch(const std::string& iso) {
  using namespace std::chrono;
  int y = std::stoi(iso.substr(0, 4)), m = std::stoi(iso.substr(5, 2)),
      d = std::stoi(iso.substr(8, 2));
  return sys_days(year(y) / month(static_cast<unsigned>(m)) / day(static_cast<unsigned>(d)))
      .time_since_epoch()
      .count();
}

int64_t today() {
  using namespace std::chrono;
  return floor<days>(system_clock::now()).time_since_epoch().count();
}

// The expected state of each check on one account document, from the built-in policies.
std::map<std::string, std::string> expectedStates(const json& a) {
  const json& p = a.contains("properties") ? a["properties"] : json::object();
  auto ok = [](bool healthy) { return std::string(healthy ? "Healthy" : "Unhealthy"); };
  std::map<std::string, std::string> e;
  e["storage.shared-key-access"] = ok(isFalse(at(p, {"allowSharedKeyAccess"})));
  e["storage.cross-tenant-replication"] = ok(isFalse(at(p, {"allowCrossTenantReplication"})));
  std::string action = text(at(p, {"networkAcls", "defaultAction"}));
  const json* ipRules = at(p, {"networkAcls", "ipRules"});
  e["storage.network-default-deny"] = ok(action == "Deny");
  e["storage.virtual-network-rules"] =
      ok(action == "Deny" && (ipRules == nullptr || ipRules->empty()));
  std::string bypass = text(at(p, {"networkAcls", "bypass"}));
  e["storage.trusted-microsoft-services"] =
      ok(bypass.empty() || bypass.find("AzureServices") != std::string::npos);
  bool approved = false;
  for (const auto& c : p.value("privateEndpointConnections", json::array()))
    approved |=
        text(at(c, {"properties", "privateLinkServiceConnectionState", "status"})) == "Approved";
  e["storage.private-link"] = ok(approved);
  e["storage.public-network-access"] = ok(text(at(p, {"publicNetworkAccess"})) == "Disabled");
  e["storage.infrastructure-encryption"] =
      ok(isTrue(at(p, {"encryption", "requireInfrastructureEncryption"})));
  e["storage.sas-expiration-policy"] = ok(at(p, {"sasPolicy"}) != nullptr);
  e["storage.key-expiration-policy"] =
      ok(at(p, {"keyPolicy", "keyExpirationPeriodInDays"}) != nullptr);
  e["storage.customer-managed-key"] = "NotApplicable";  // not required by default settings
  e["storage.blob-logging"] = "NotApplicable";          // snapshots carry no analytics logging

  int64_t limit = 90;
  if (const json* d = at(p, {"keyPolicy", "keyExpirationPeriodInDays"}); d && d->get<int>() < 90)
    limit = d->get<int>();
  bool anyOld = false, anyKnown = false;
  for (const char* k : {"key1", "key2"}) {
    std::string created = text(at(p, {"keyCreationTime", k}));
    if (created.empty()) created = text(at(p, {"creationTime"}));
    if (created.empty()) continue;
    anyKnown = true;
    // Whole days may differ from the plugin's second-exact age by one near the limit.
    anyOld |= today() - daysSinceEpoch(created) > limit;
  }
  e["storage.key-age"] = anyKnown ? ok(!anyOld) : "NotApplicable";

  const json* service = blobServiceOf(a);
  if (service == nullptr) {
    for (const char* id : {"storage.blob-soft-delete", "storage.blob-versioning",
                           "storage.public-containers", "storage.cors-all-origins"})
      e[id] = "NotApplicable";
    return e;
  }
  const json& sp = (*service)["properties"];
  auto retained = [&](const char* member) {
    const json* policy = at(sp, {member});
    return policy != nullptr && isTrue(at(*policy, {"enabled"})) &&
           (!policy->contains("days") || (*policy)["days"].get<int>() >= 7);
  };
  e["storage.blob-soft-delete"] =
      ok(retained("deleteRetentionPolicy") && retained("containerDeleteRetentionPolicy"));
  e["storage.blob-versioning"] = ok(isTrue(at(sp, {"isVersioningEnabled"})));
  bool exposed = false;
  for (const auto& c : service->value("children", json::array())) {
    std::string access = text(at(c, {"properties", "publicAccess"}));
    exposed |= !access.empty() && access != "None";
  }
  e["storage.public-containers"] = ok(!exposed || isFalse(at(p, {"allowBlobPublicAccess"})));
  bool wildcard = false;
  for (const auto& rule : sp.value("cors", json::object()).value("corsRules", json::array())) {
    for (const auto& o : rule.value("allowedOrigins", json::array()))
      wildcard |= o == "*";
  }
  e["storage.cors-all-origins"] = ok(!wildcard);
  return e;
}

const ResultRecord* result(const ScanRecord& s, const std::string& accountName,
                           const std::string& assessment) {
  for (const auto& r : s.results) {
    if (r.assessmentId == assessment && r.resourceId.size() > accountName.size() &&
        r.resourceId.compare(r.resourceId.size() - accountName.size() - 1, std::string::npos,
                             "/" + accountName) == 0)
      return &r;
  }
  return nullptr;
}

// The storage accounts of `path` with their children, unredacted (the store's copy hides
// keyCreationTime.key1/key2, whose member names look like secrets).
std::vector<json> accounts(const std::filesystem::path& path) {
  SnapshotLoad load;
  readArmSnapshot(path.string(), load);
  std::vector<SnapshotProblem> problems;
  Inventory inventory;
  inventory.add(load, problems);
  inventory.link();
  std::vector<json> out;
  for (size_t i : inventory.ofType("Microsoft.Storage/storageAccounts", {}))
    out.push_back(inventory.withChildren(i));
  return out;
}

// Compares every new check's verdict with the oracle's on every account under `path`.
size_t compareWithOracle(const ScanRecord& s, const std::filesystem::path& path) {
  size_t compared = 0;
  for (const json& doc : accounts(path)) {
    std::string name = doc["name"];
    auto expected = expectedStates(doc);
    for (const auto& [assessment, state] : expected) {
      const ResultRecord* r = result(s, name, assessment);
      INFO(name << " " << assessment);
      REQUIRE(r != nullptr);
      INFO(r->reason);
      CHECK(stateName(r->state) == state);
      ++compared;
    }
  }
  return compared;
}

}  // namespace

TEST_CASE("the sample estate's storage verdicts match the documents", "[storage][posture]") {
  TempDir dir;
  auto estate = test::sourceDir() / "config" / "samples" / "estate";
  ScanRecord s = scan(dir, {estate});
  REQUIRE(s.resources.size() == 9);
  CHECK(s.assessments.size() >= 12);
  for (const auto& r : s.results)
    CHECK(r.state != AssessmentState::Error);
  CHECK(compareWithOracle(s, estate) == 9 * 17);
}

TEST_CASE("the estate README's insecure storage accounts are reported as it describes",
          "[storage][posture]") {
  TempDir dir;
  ScanRecord s = scan(dir, {test::sourceDir() / "config" / "samples" / "estate"});
  auto state = [&](const char* account, const char* check) {
    const ResultRecord* r = result(s, account, check);
    REQUIRE(r != nullptr);
    return r->state;
  };
  // contosoprodweb01: CORS '*', product-images (Blob) and marketing-downloads (Container)
  // public, cross-tenant replication on, open network.
  CHECK(state("contosoprodweb01", "storage.cors-all-origins") == AssessmentState::Unhealthy);
  const ResultRecord* web = result(s, "contosoprodweb01", "storage.public-containers");
  REQUIRE(web != nullptr);
  CHECK(web->state == AssessmentState::Unhealthy);
  CHECK(web->evidence["publicContainers"] ==
        json::array({{{"name", "product-images"}, {"publicAccess", "Blob"}},
                     {{"name", "marketing-downloads"}, {"publicAccess", "Container"}}}));
  CHECK(state("contosoprodweb01", "storage.cross-tenant-replication") ==
        AssessmentState::Unhealthy);
  CHECK(state("contosoprodweb01", "storage.network-default-deny") == AssessmentState::Unhealthy);
  // contosoprodlegacy01: no blob soft delete, keyCreationTime null (keys as old as the account).
  CHECK(state("contosoprodlegacy01", "storage.blob-soft-delete") == AssessmentState::Unhealthy);
  const ResultRecord* legacyKeys = result(s, "contosoprodlegacy01", "storage.key-age");
  REQUIRE(legacyKeys != nullptr);
  CHECK(legacyKeys->state == AssessmentState::Unhealthy);
  CHECK(legacyKeys->evidence["key1"]["createdFrom"] == "creationTime");
  // contosodevscratch01: bypass None, keys from 2019, temp-uploads public, no soft delete.
  CHECK(state("contosodevscratch01", "storage.trusted-microsoft-services") ==
        AssessmentState::Unhealthy);
  CHECK(state("contosodevscratch01", "storage.key-age") == AssessmentState::Unhealthy);
  CHECK(state("contosodevscratch01", "storage.blob-soft-delete") == AssessmentState::Unhealthy);
  const ResultRecord* scratch = result(s, "contosodevscratch01", "storage.public-containers");
  REQUIRE(scratch != nullptr);
  CHECK(scratch->evidence["publicContainers"] ==
        json::array({{{"name", "temp-uploads"}, {"publicAccess", "Container"}}}));
  // contosoproddata01: infrastructure encryption, private endpoint, key and SAS policies.
  for (const char* check : {"storage.infrastructure-encryption", "storage.private-link",
                            "storage.key-expiration-policy", "storage.sas-expiration-policy",
                            "storage.shared-key-access", "storage.public-network-access",
                            "storage.blob-versioning", "storage.blob-soft-delete"}) {
    INFO(check);
    CHECK(state("contosoproddata01", check) == AssessmentState::Healthy);
  }
  // contosodevtfstate01: allows shared-key access and its network is open.
  CHECK(state("contosodevtfstate01", "storage.shared-key-access") == AssessmentState::Unhealthy);
  CHECK(state("contosodevtfstate01", "storage.network-default-deny") == AssessmentState::Unhealthy);
}

TEST_CASE("settings parameterise customer-managed keys, key age, SAS and soft delete",
          "[storage][posture]") {
  TempDir dir;
  ScanRecord s = scan(dir, {test::sourceDir() / "config" / "samples" / "estate"},
                      R"({"require_customer_managed_keys": true, "max_key_age_days": 100000,
                          "max_sas_expiration_hours": 6, "min_soft_delete_days": 20})");
  auto state = [&](const char* account, const char* check) {
    const ResultRecord* r = result(s, account, check);
    REQUIRE(r != nullptr);
    return r->state;
  };
  // Only contosoproddata01 uses a Key Vault key.
  CHECK(state("contosoproddata01", "storage.customer-managed-key") == AssessmentState::Healthy);
  CHECK(state("contosoprodlogs01", "storage.customer-managed-key") == AssessmentState::Unhealthy);
  // With a huge limit only an account's own key policy can make keys too old.
  CHECK(state("contosodevscratch01", "storage.key-age") == AssessmentState::Healthy);
  // contosoproddata01's SAS period is 8 hours and contosodevapps01's 4.
  CHECK(state("contosoproddata01", "storage.sas-expiration-policy") == AssessmentState::Unhealthy);
  CHECK(state("contosodevapps01", "storage.sas-expiration-policy") == AssessmentState::Healthy);
  // contosoproddata01 keeps 30 days, contosoprodlogs01 only 14 for blobs.
  CHECK(state("contosoproddata01", "storage.blob-soft-delete") == AssessmentState::Healthy);
  CHECK(state("contosoprodlogs01", "storage.blob-soft-delete") == AssessmentState::Unhealthy);
}

TEST_CASE("the corpus storage examples get the verdicts their documents call for",
          "[storage][posture][corpus]") {
  auto corpus = test::corpusDir();
  if (corpus.empty()) {
    BULWARK_SKIP("../shared/corpus is absent; skipping the storage corpus verdicts");
    return;
  }
  TempDir dir;
  ScanRecord s = scan(dir, {corpus / "arm-examples"});
  const size_t accounts =
      test::countResourcesWithJq(corpus / "arm-examples", "Microsoft.Storage/storageAccounts");
  CHECK(accounts > 0);
  REQUIRE(s.resources.size() == accounts);
  for (const auto& r : s.results)
    CHECK(r.state != AssessmentState::Error);
  CHECK(compareWithOracle(s, corpus / "arm-examples") == accounts * 17);
}

TEST_CASE("compliance references and policy ids agree with the corpus's Azure Policy",
          "[storage][posture][corpus]") {
  auto corpus = test::corpusDir();
  if (corpus.empty()) {
    BULWARK_SKIP("../shared/corpus is absent; skipping the compliance mapping check");
    return;
  }
  std::ifstream in(corpus / "azure-policy" / "policySetDefinitions" /
                   "CIS_Azure_Foundations_v3.0.0.json");
  json cis = json::parse(in);
  std::map<std::string, std::set<std::string>> groupsByPolicy;
  for (const auto& ref : cis["properties"]["policyDefinitions"]) {
    std::string id = ref["policyDefinitionId"];
    id = id.substr(id.find_last_of('/') + 1);
    for (const auto& g : ref.value("groupNames", json::array()))
      groupsByPolicy[id].insert(g.get<std::string>());
  }
  std::set<std::string> storagePolicies;
  for (const auto& f : std::filesystem::directory_iterator(corpus / "azure-policy" /
                                                           "policyDefinitions" / "Storage")) {
    std::ifstream p(f.path());
    storagePolicies.insert(json::parse(p)["name"].get<std::string>());
  }

  TempDir dir;
  ScanRecord s = scan(dir, {});
  const std::set<std::string> firstThree = {"storage.secure-transfer", "storage.public-blob-access",
                                            "storage.minimum-tls"};
  size_t mapped = 0;
  for (const auto& a : s.assessments) {
    INFO(a.id);
    if (!a.quickFix.empty()) CHECK_THAT(a.quickFix, Catch::Contains("{id}"));
    if (!a.policyDefinitionId.empty()) CHECK(storagePolicies.count(a.policyDefinitionId) == 1);
    std::set<std::string> claimed;
    for (const auto& c : a.compliance) {
      if (c.standard == kCis) claimed.insert("CIS_Azure_Foundations_v3.0.0_" + c.control);
    }
    for (const auto& g : claimed)
      CHECK(groupsByPolicy[a.policyDefinitionId].count(g) == 1);
    if (firstThree.count(a.id) == 0) CHECK(claimed == groupsByPolicy[a.policyDefinitionId]);
    mapped += claimed.size();
  }
  CHECK(mapped >= 6);
}
