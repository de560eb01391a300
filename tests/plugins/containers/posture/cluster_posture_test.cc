// Registry and AKS cluster posture: every shipped definition is the corpus built-in of the
// same name, a scan over the corpus ARM examples gives the verdicts worked out here from the
// documents, and the sample estate shows the weaknesses its README documents.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <bulwark/sdk/time.hpp>

#include <fstream>
#include <map>

#include "posture/cluster_assessments.h"
#include "posture/cluster_declarative.h"
#include "support/test_support.h"

using namespace bulwark;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

json exampleBody(const fs::path& corpus, const std::string& file) {
  return json::parse(std::ifstream(corpus / "arm-examples" / file))["responses"]["200"]["body"];
}

std::map<std::string, std::string> verdicts(const json& report, const std::string& resourceId) {
  std::map<std::string, std::string> out;
  for (const auto& r : report["results"])
    if (r.value("resourceId", "") == resourceId) out[r["assessmentId"]] = r["state"];
  return out;
}

std::string healthyIf(bool good) {
  return good ? "Healthy" : "Unhealthy";
}

json scan(const test::TempDir& dir, const std::vector<fs::path>& inventory) {
  fs::path config = test::writeConfig(dir, {{"containers", ""}}, inventory);
  auto r = test::runBulwark({"scan", "-c", config.string(), "-f", "json"});
  INFO(r.err);
  REQUIRE((r.exitCode == 0 || r.exitCode == 1));
  return json::parse(r.out);
}

}  // namespace

TEST_CASE("every shipped registry and cluster definition is the corpus built-in of that name") {
  fs::path corpus = test::corpusOrSkip("the containers definitions check");
  if (corpus.empty()) return;
  std::map<std::string, json> builtIns;
  for (const auto& e :
       fs::recursive_directory_iterator(corpus / "azure-policy" / "policyDefinitions")) {
    if (e.path().extension() != ".json") continue;
    json d = json::parse(std::ifstream(e.path()), nullptr, false);
    if (d.is_object() && d.contains("name") && d["name"].is_string())
      builtIns[d["name"]] = d["properties"]["policyRule"];
  }
  auto assessments = containers::registryAndClusterBuiltins();
  CHECK(assessments.size() >= 16);
  for (const auto& a : assessments) {
    INFO(a.id);
    CHECK_FALSE(a.quickFix.empty());
    REQUIRE(builtIns.count(a.policyDefinitionId) == 1);
    CHECK(json::parse(a.policy)["properties"]["policyRule"] == builtIns[a.policyDefinitionId]);
    CHECK((a.resourceType == "Microsoft.ContainerRegistry/registries" ||
           a.resourceType == "Microsoft.ContainerService/managedClusters"));
  }
}

TEST_CASE("bulwark scan judges the corpus registry and cluster examples") {
  fs::path corpus = test::corpusOrSkip("the containers scan over the corpus examples");
  if (corpus.empty()) return;
  json registry = exampleBody(corpus, "Microsoft.ContainerRegistry__RegistryGet.json");
  json cluster = exampleBody(corpus, "Microsoft.ContainerService__ManagedClustersGet.json");
  test::TempDir dir;
  test::writeFile(dir / "inventory" / "containers.json", json{registry, cluster}.dump(2));
  json report = scan(dir, {dir / "inventory"});

  auto acr = verdicts(report, registry["id"]);
  const json& rp = registry["properties"];
  CHECK(acr["containers.acr-admin-user"] == healthyIf(!rp.value("adminUserEnabled", true)));
  CHECK(acr["containers.acr-network-rules"] ==
        healthyIf(rp["networkRuleSet"].value("defaultAction", "") == "Deny"));
  CHECK(acr["containers.acr-private-link-sku"] == healthyIf(registry["sku"]["name"] == "Premium"));
  CHECK(acr["containers.acr-content-trust"] ==
        healthyIf(rp["policies"]["trustPolicy"].value("status", "") == "enabled"));
  CHECK(acr["containers.acr-retention"] ==
        healthyIf(rp["policies"]["retentionPolicy"].value("status", "") == "enabled"));

  auto aks = verdicts(report, cluster["id"]);
  const json& cp = cluster["properties"];
  CHECK(aks["containers.aks-rbac"] == healthyIf(cp.value("enableRBAC", false)));
  std::string policy = cp["networkProfile"].value("networkPolicy", "");
  CHECK(aks["containers.aks-network-policy"] == healthyIf(!policy.empty() && policy != "none"));
  bool publicIps = false;
  for (const auto& pool : cp["agentPoolProfiles"])
    publicIps = publicIps || pool.value("enableNodePublicIP", false);
  CHECK(aks["containers.aks-node-public-ip"] == healthyIf(!publicIps));
  // The example runs 1.9.6, older than every version the table lists.
  std::string version = cp.value("currentKubernetesVersion", "");
  auto eol = containers::kubernetesEndOfLife(containers::kubernetesMinor(version));
  CHECK(aks["containers.aks-supported-version"] ==
        healthyIf(eol.has_value() && *eol >= sdk::utcToday()));
}

TEST_CASE("Kubernetes versions are read to their minor and looked up in the shipped table") {
  CHECK(containers::kubernetesMinor("1.29.4") == "1.29");
  CHECK(containers::kubernetesMinor("v1.30.0-hotfix") == "1.30");
  CHECK(containers::kubernetesMinor("1.9.6") == "1.9");
  CHECK(containers::kubernetesMinor("latest").empty());
  CHECK(containers::kubernetesEndOfLife("1.27") == std::string("2024-06-28"));
  CHECK(containers::kubernetesEndOfLife("0.1") == std::nullopt);
}

TEST_CASE("the sample estate's registries and clusters show the weaknesses its README documents") {
  test::TempDir dir;
  json report = scan(dir, {fs::path(BULWARK_SOURCE_DIR) / "config" / "samples" / "estate"});
  std::map<std::string, std::map<std::string, std::string>> byName;
  for (const auto& r : report["results"]) {
    std::string id = r["resourceId"];
    byName[id.substr(id.rfind('/') + 1)][r["assessmentId"]] = r["state"];
  }
  CHECK(byName["contosoprodpubacr"]["containers.acr-admin-user"] == "Unhealthy");
  CHECK(byName["contosoprodpubacr"]["containers.acr-anonymous-pull"] == "Unhealthy");
  CHECK(byName["contosoprodpubacr"]["containers.acr-network-rules"] == "Unhealthy");
  CHECK(byName["contosodevacr01"]["containers.acr-admin-user"] == "Unhealthy");
  CHECK(byName["contosodevacr01"]["containers.acr-content-trust"] == "Unhealthy");
  for (const char* id : {"containers.aks-rbac", "containers.aks-entra-integration",
                         "containers.aks-local-accounts", "containers.aks-network-policy"}) {
    INFO(id);
    CHECK(byName["aks-contoso-dev01"][id] == "Unhealthy");
  }
  for (const char* id : {"containers.acr-admin-user", "containers.acr-anonymous-pull",
                         "containers.acr-network-rules", "containers.acr-private-link"}) {
    INFO(id);
    CHECK(byName["contosoprodacr01"][id] == "Healthy");
  }
  for (const char* id : {"containers.aks-private-cluster", "containers.aks-rbac",
                         "containers.aks-defender-profile", "containers.aks-network-policy"}) {
    INFO(id);
    CHECK(byName["aks-contoso-prod01"][id] == "Healthy");
  }
}
