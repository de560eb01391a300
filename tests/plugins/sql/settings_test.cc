// The postgres_servers setting and stored baselines, malformed every way an operator or a
// damaged store can: each refused with the entry and field named, nothing half-read.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "live/baseline.h"
#include "live/postgres_settings.h"

using namespace bulwark;
using nlohmann::json;

namespace {

const char* kId = "/subscriptions/s/resourceGroups/g/providers/Bulwark.Sql/postgresServers/db1";

std::string refusal(const json& settings) {
  try {
    sql::live::postgresServers(settings);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "accepted";
}

}  // namespace

TEST_CASE("postgres_servers: defaults filled, malformed entries refused by place and field") {
  auto servers = sql::live::postgresServers(
      {{"postgres_servers", {{{"id", kId}, {"user", "audit"}, {"password_env", "PW"}}}}});
  REQUIRE(servers.size() == 1);
  CHECK(servers[0].host == "127.0.0.1");
  CHECK(servers[0].port == 5432);
  CHECK(servers[0].database == "postgres");
  CHECK(servers[0].describe() == "audit@127.0.0.1:5432");
  CHECK(sql::live::postgresServers(json::object()).empty());

  CHECK(refusal({{"postgres_servers", "db1"}}) == "postgres_servers must be a list");
  CHECK(refusal({{"postgres_servers", {42}}}) == "postgres_servers[0] must be a mapping");
  CHECK(refusal({{"postgres_servers", {{{"user", "a"}}}}}) ==
        "postgres_servers[0]: id is required");
  CHECK_THAT(refusal({{"postgres_servers", {{{"id", "db1"}, {"user", "a"}}}}}),
             Catch::Contains("ARM-style resource id"));
  CHECK(refusal({{"postgres_servers", {{{"id", kId}}}}}) ==
        "postgres_servers[0]: user is required");
  CHECK_THAT(refusal({{"postgres_servers", {{{"id", kId}, {"user", "a"}, {"port", 70000}}}}}),
             Catch::Contains("port must be a whole number from 1 to 65535"));
  CHECK_THAT(refusal({{"postgres_servers", {{{"id", kId}, {"user", "a"}, {"port", "5432"}}}}}),
             Catch::Contains("port"));
  CHECK_THAT(refusal({{"postgres_servers", {{{"id", kId}, {"user", ""}}}}}),
             Catch::Contains("user must be non-empty text"));
  std::string password =
      refusal({{"postgres_servers", {{{"id", kId}, {"user", "a"}, {"password", "hunter2"}}}}});
  CHECK_THAT(password, Catch::Contains("password_env"));
  CHECK(password.find("hunter2") == std::string::npos);
}

TEST_CASE("a stored baseline that is not one is an error naming the server") {
  auto b = sql::live::parseBaseline(
      R"({"approvedAt": "2026-12-03T10:00:00Z", "accepted": {"a": "x", "b": 7}})", kId);
  CHECK(b.approvedAt == "2026-12-03T10:00:00Z");
  CHECK(b.accepted == std::map<std::string, std::string>{{"a", "x"}});
  for (const char* bad : {"", "{\"approvedAt\": \"x\", \"accepted\": {", "[]", "{}",
                          "{\"approvedAt\": 1, \"accepted\": {}}",
                          "{\"approvedAt\": \"x\", \"accepted\": []}", "\x01\xff garbage"}) {
    INFO(bad);
    CHECK_THROWS_WITH(sql::live::parseBaseline(bad, kId),
                      Catch::Contains(kId) && Catch::Contains("approve it again"));
  }
}
