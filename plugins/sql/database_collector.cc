#include "database_collector.h"

#include <map>

#include "sql_types.h"

namespace bulwark::sql {
namespace {

using sdk::Json;

// "/subscriptions/S/..." -> "s" (lower case), or "".
std::string subscriptionOf(const std::string& id) {
  constexpr std::string_view kPrefix = "/subscriptions/";
  if (id.size() < kPrefix.size() ||
      !sdk::iequals(std::string_view(id).substr(0, kPrefix.size()), kPrefix))
    return {};
  size_t end = id.find('/', kPrefix.size());
  return sdk::lower(id.substr(kPrefix.size(), end - kPrefix.size()));
}

void collect(const sdk::Context& ctx) {
  std::map<std::string, Json> plans;  // subscription -> plan name -> its properties
  for (const Json& pricing : ctx.host.inventory(kPricingType)) {
    std::string subscription = subscriptionOf(sdk::textAt(pricing, "id"));
    std::string name = sdk::textAt(pricing, "name");
    if (subscription.empty() || name.empty()) continue;
    Json plan = {{"pricingTier", sdk::textAt(pricing, "properties.pricingTier")}};
    if (std::string sub = sdk::textAt(pricing, "properties.subPlan"); !sub.empty())
      plan["subPlan"] = sub;
    plans[subscription][name] = plan;
  }
  for (const char* type : {kSqlServerType, kSqlDatabaseType, kManagedInstanceType,
                           kPostgresFlexibleType, kMySqlFlexibleType}) {
    for (Json& doc : ctx.host.inventory(type)) {
      if (ctx.host.cancelled()) return;
      auto found = plans.find(subscriptionOf(sdk::textAt(doc, "id")));
      if (found != plans.end()) doc["bulwark"]["defenderPlans"] = found->second;
      ctx.host.emitResource(doc);
    }
  }
}

}  // namespace

sdk::CollectorDef armDatabasesCollector() {
  return {"arm-databases",
          "Database servers from the ARM snapshot, with their databases, configurations, "
          "firewall rules, administrators, auditing and security settings attached, and the "
          "Defender plans of their subscription",
          {kSqlServerType, kSqlDatabaseType, kManagedInstanceType, kPostgresFlexibleType,
           kMySqlFlexibleType},
          collect};
}

}  // namespace bulwark::sql
