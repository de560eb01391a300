#include <catch2/catch.hpp>
#include <set>

#include "inventory/inventory.h"
#include "support/test_support.h"

using namespace bulwark;

namespace {

SnapshotDocument doc(const std::string& id, const std::string& type) {
  return {nlohmann::json{{"id", id}, {"type", type}, {"name", id.substr(id.rfind('/') + 1)}},
          "mem.json", "/"};
}

const std::string kSub = "/subscriptions/s1/resourceGroups/g/providers/";

}  // namespace

TEST_CASE("children attach to their nearest parent present", "[inventory]") {
  SnapshotLoad load;
  const std::string account = kSub + "Microsoft.Storage/storageAccounts/a1";
  load.documents = {
      doc(account, "Microsoft.Storage/storageAccounts"),
      // A container whose blobServices parent is missing attaches to the account.
      doc(account + "/blobServices/default/containers/c1",
          "Microsoft.Storage/storageAccounts/blobServices/containers"),
      doc(kSub + "Microsoft.Sql/servers/s1/auditingSettings/default",
          "Microsoft.Sql/servers/auditingSettings"),
      doc(kSub + "MICROSOFT.SQL/SERVERS/S1", "Microsoft.Sql/servers"),
      doc(account + "/providers/Microsoft.Insights/diagnosticSettings/d",
          "Microsoft.Insights/diagnosticSettings"),
      doc(kSub + "Microsoft.Web/sites/orphan/config/web", "Microsoft.Web/sites/config"),
  };
  std::vector<SnapshotProblem> problems;
  Inventory inv;
  inv.add(load, problems);
  inv.link();
  CHECK(problems.empty());

  auto accounts = inv.ofType("microsoft.storage/STORAGEACCOUNTS", {});
  REQUIRE(accounts.size() == 1);
  auto full = inv.withChildren(accounts[0]);
  REQUIRE(full["children"].size() == 2);
  CHECK(full["children"][0]["name"] == "c1");
  CHECK(full["children"][1]["type"] == "Microsoft.Insights/diagnosticSettings");

  auto servers = inv.ofType("Microsoft.Sql/servers", {});
  REQUIRE(servers.size() == 1);
  CHECK(inv.withChildren(servers[0])["children"][0]["name"] == "default");

  // An orphan child stays a resource of its own.
  auto configs = inv.ofType("Microsoft.Web/sites/config", {});
  REQUIRE(configs.size() == 1);
  CHECK_FALSE(inv.resources()[configs[0]].hasParent);
}

TEST_CASE("duplicate ids keep the first copy and report the second", "[inventory]") {
  SnapshotLoad load;
  load.documents = {
      doc(kSub + "Microsoft.Storage/storageAccounts/a1", "Microsoft.Storage/storageAccounts"),
      doc(kSub + "microsoft.storage/storageaccounts/A1", "Microsoft.Storage/storageAccounts")};
  std::vector<SnapshotProblem> problems;
  Inventory inv;
  inv.add(load, problems);
  CHECK(inv.resources().size() == 1);
  REQUIRE(problems.size() == 1);
  CHECK_THAT(problems[0].message, Catch::Contains("duplicate resource"));
}

TEST_CASE("ofType honours scopes", "[inventory]") {
  SnapshotLoad load;
  load.documents = {
      doc("/subscriptions/s1/resourceGroups/g1/providers/Microsoft.Storage/storageAccounts/a",
          "Microsoft.Storage/storageAccounts"),
      doc("/subscriptions/s1/resourceGroups/g2/providers/Microsoft.Storage/storageAccounts/b",
          "Microsoft.Storage/storageAccounts"),
      doc("/subscriptions/s2/resourceGroups/g1/providers/Microsoft.Storage/storageAccounts/c",
          "Microsoft.Storage/storageAccounts")};
  std::vector<SnapshotProblem> problems;
  Inventory inv;
  inv.add(load, problems);
  inv.link();
  auto scope = [](const char* s) { return *ResourceId::parse(s); };
  CHECK(inv.ofType("Microsoft.Storage/storageAccounts", {}).size() == 3);
  CHECK(inv.ofType("Microsoft.Storage/storageAccounts", {scope("/subscriptions/S1")}).size() == 2);
  CHECK(inv.ofType("Microsoft.Storage/storageAccounts",
                   {scope("/subscriptions/s1/resourceGroups/G2"), scope("/subscriptions/s2")})
            .size() == 2);
}

TEST_CASE("the sample estate links blob services and containers to their accounts",
          "[inventory][samples]") {
  SnapshotLoad load;
  readArmSnapshot((test::sourceDir() / "config" / "samples" / "estate").string(), load);
  CHECK(load.problems.empty());
  std::vector<SnapshotProblem> problems;
  Inventory inv;
  inv.add(load, problems);
  inv.link();
  CHECK(problems.empty());
  size_t withContainers = 0;
  for (size_t i : inv.ofType("Microsoft.Storage/storageAccounts", {})) {
    auto full = inv.withChildren(i);
    if (!full.contains("children")) continue;
    for (const auto& blob : full["children"]) {
      if (blob.contains("children")) withContainers++;
    }
  }
  CHECK(withContainers >= 4);
  // Two subscriptions, five resource types.
  std::set<std::string> subs;
  for (const auto& r : inv.resources())
    subs.insert(toLowerAscii(r.id.subscription()));
  CHECK(subs.size() == 2);
  for (const char* t : {"Microsoft.Compute/virtualMachines", "Microsoft.Sql/servers",
                        "Microsoft.Storage/storageAccounts", "Microsoft.Web/sites",
                        "Microsoft.ContainerRegistry/registries"}) {
    INFO(t);
    CHECK(inv.ofType(t, {}).size() >= 2);
  }
}
