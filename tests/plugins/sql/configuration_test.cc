// Server parameter checks on hand-made flexible servers: listed values both ways, lists of TLS
// versions, parameters left at the service default, no parameters at all, malformed values.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "configuration_assessments.h"

using namespace bulwark;
using nlohmann::json;

namespace {

json server(const std::vector<std::pair<std::string, json>>& parameters) {
  json children = json::array();
  for (const auto& [name, value] : parameters)
    children.push_back({{"type", "Microsoft.DBforMySQL/flexibleServers/configurations"},
                        {"name", name},
                        {"properties", {{"value", value}}}});
  return {{"id",
           "/subscriptions/s/resourceGroups/g/providers/Microsoft.DBforMySQL/"
           "flexibleServers/m"},
          {"type", "Microsoft.DBforMySQL/flexibleServers"},
          {"children", children}};
}

const sql::ParameterRule kTls{"tls_version", {"TLSv1.2", "TLSv1.3"}, "TLSv1.2"};
const sql::ParameterRule kAudit{"audit_log_enabled", {"on"}, "off"};

sdk::Verdict judge(const json& doc, const sql::ParameterRule& rule) {
  return sql::judgeParameter(sdk::Resource(doc), rule);
}

}  // namespace

TEST_CASE("a listed parameter passes or fails on its value, ignoring case") {
  CHECK(judge(server({{"audit_log_enabled", "ON"}}), kAudit).state == sdk::State::Healthy);
  auto off = judge(server({{"audit_log_enabled", "off"}}), kAudit);
  CHECK(off.state == sdk::State::Unhealthy);
  CHECK(off.reason == "audit_log_enabled = off");
  CHECK(off.evidence["listed"] == true);
}

TEST_CASE("every TLS version listed must be accepted") {
  CHECK(judge(server({{"tls_version", "TLSv1.2, TLSv1.3"}}), kTls).state == sdk::State::Healthy);
  CHECK(judge(server({{"tls_version", "TLSv1,TLSv1.1,TLSv1.2"}}), kTls).state ==
        sdk::State::Unhealthy);
  CHECK(judge(server({{"tls_version", ""}}), kTls).state == sdk::State::Unhealthy);
}

TEST_CASE("an unlisted parameter takes the service default, no parameters is not applicable") {
  auto unlisted = judge(server({{"time_zone", "+00:00"}}), kAudit);
  CHECK(unlisted.state == sdk::State::Unhealthy);
  CHECK_THAT(unlisted.reason, Catch::Contains("service default"));
  CHECK(judge(server({{"time_zone", "+00:00"}}), kTls).state == sdk::State::Healthy);
  CHECK(judge(server({}), kAudit).state == sdk::State::NotApplicable);
}

TEST_CASE("a parameter whose value is not text is an error, never healthy") {
  CHECK_THROWS_WITH(judge(server({{"audit_log_enabled", 1}}), kAudit),
                    Catch::Contains("audit_log_enabled"));
  CHECK_THROWS(judge(server({{"audit_log_enabled", nullptr}}), kAudit));
}
