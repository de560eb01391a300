// The Entra administrator of SQL servers, from an administrators child or from the server's own
// properties.administrators, and what does not count as one.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "administrator_assessment.h"

using namespace bulwark;
using nlohmann::json;

namespace {

const char* kId = "/subscriptions/s/resourceGroups/g/providers/Microsoft.Sql/servers/x";

sdk::State judge(const json& doc) {
  return sql::judgeEntraAdministrator(sdk::Resource(doc)).state;
}

}  // namespace

TEST_CASE("an Entra administrator counts from the child or from the server's properties") {
  json child = {{"id", kId},
                {"children",
                 {{{"type", "Microsoft.Sql/servers/administrators"},
                   {"name", "ActiveDirectory"},
                   {"properties", {{"administratorType", "ActiveDirectory"}, {"login", "dba"}}}}}}};
  CHECK(judge(child) == sdk::State::Healthy);
  json embedded = {{"id", kId},
                   {"properties",
                    {{"administrators",
                      {{"administratorType", "ActiveDirectory"},
                       {"login", "sg-sql-admins"},
                       {"sid", "f2afcad7-4902-4015-bd89-08fd6fc69fee"}}}}}};
  auto v = sql::judgeEntraAdministrator(sdk::Resource(embedded));
  CHECK(v.state == sdk::State::Healthy);
  CHECK(v.evidence["from"] == "properties.administrators");
}

TEST_CASE("a SQL login, an administrator without sid or malformed properties are not one") {
  CHECK(judge({{"id", kId}, {"properties", {{"administratorLogin", "sa"}}}}) ==
        sdk::State::Unhealthy);
  CHECK(judge({{"id", kId},
               {"properties", {{"administrators", {{"administratorType", "ActiveDirectory"}}}}}}) ==
        sdk::State::Unhealthy);
  CHECK(judge({{"id", kId}, {"properties", {{"administrators", "ActiveDirectory"}}}}) ==
        sdk::State::Unhealthy);
  CHECK(judge({{"id", kId}, {"properties", nullptr}, {"children", "none"}}) ==
        sdk::State::Unhealthy);
}
