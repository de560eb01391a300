#include <catch2/catch.hpp>

#include "scan/scan_runner.h"
#include "scope/resource_id.h"

using bulwark::ResourceId;

namespace {
const char* kAccount =
    "/subscriptions/3F2A8C4E-9b1d-4e7a-8c5f-2d6b9e0a1c3f/resourceGroups/RG-Prod-Data/providers/"
    "Microsoft.Storage/storageAccounts/acct01";
}

TEST_CASE("resource ids parse into subscription, group and type", "[scope]") {
  auto id = ResourceId::parse(std::string(kAccount) + "/blobServices/default/containers/logs");
  REQUIRE(id);
  CHECK(id->subscription() == "3F2A8C4E-9b1d-4e7a-8c5f-2d6b9e0a1c3f");
  CHECK(id->resourceGroup() == "RG-Prod-Data");
  CHECK(id->type() == "Microsoft.Storage/storageAccounts/blobServices/containers");
  auto parent = id->parentResource();
  REQUIRE(parent);
  CHECK(parent->type() == "Microsoft.Storage/storageAccounts/blobServices");
  REQUIRE(parent->parentResource());
  CHECK(parent->parentResource()->key() == bulwark::toLowerAscii(kAccount));
  CHECK_FALSE(parent->parentResource()->parentResource());
}

TEST_CASE("extension resources have the resource they extend as parent", "[scope]") {
  auto id = ResourceId::parse(std::string(kAccount) +
                              "/providers/Microsoft.Insights/diagnosticSettings/audit");
  REQUIRE(id);
  CHECK(id->type() == "Microsoft.Insights/diagnosticSettings");
  REQUIRE(id->parentResource());
  CHECK(id->parentResource()->type() == "Microsoft.Storage/storageAccounts");
}

TEST_CASE("malformed ids are rejected", "[scope]") {
  for (const char* bad : {"", "subscriptions/x", "/subscription/x", "/subscriptions/",
                          "/subscriptions/s/resourceGroups", "/subscriptions/s//resourceGroups/g",
                          "/subscriptions/s/resourceGroups/g/providers/Microsoft.Storage",
                          "/subscriptions/s/resourceGroups/g/providers/NS/type/name/child"}) {
    INFO(bad);
    CHECK_FALSE(ResourceId::parse(bad));
  }
}

TEST_CASE("scopes match on segment boundaries, ignoring case", "[scope]") {
  auto account = *ResourceId::parse(kAccount);
  auto sub = *ResourceId::parse("/SUBSCRIPTIONS/3f2a8c4e-9B1D-4e7a-8c5f-2d6b9e0a1c3f/");
  auto group = *ResourceId::parse(
      "/subscriptions/3f2a8c4e-9b1d-4e7a-8c5f-2d6b9e0a1c3f/resourcegroups/rg-prod-data");
  auto groupPrefix = *ResourceId::parse(
      "/subscriptions/3f2a8c4e-9b1d-4e7a-8c5f-2d6b9e0a1c3f/resourceGroups/rg-prod");
  auto other = *ResourceId::parse("/subscriptions/b7e4d2a1-6c3f-4a8b-9e1d-5f0c2b7a4e96");
  CHECK(bulwark::inScope(account, sub));
  CHECK(bulwark::inScope(account, group));
  CHECK(bulwark::inScope(account, account));
  CHECK_FALSE(bulwark::inScope(account, groupPrefix));  // "rg-prod" is not "rg-prod-data"
  CHECK_FALSE(bulwark::inScope(account, other));
  CHECK_FALSE(bulwark::inScope(sub, account));
  CHECK(bulwark::inAnyScope(account, {}));
  CHECK(bulwark::inAnyScope(account, {other, group}));
  CHECK_FALSE(bulwark::inAnyScope(account, {other}));
}

TEST_CASE("scope strings that are not ARM ids are refused with the text", "[scope]") {
  CHECK_THROWS_WITH(bulwark::parseScopes({"/subscriptions/ok", "rg-prod"}),
                    Catch::Contains("invalid scope 'rg-prod'"));
}
