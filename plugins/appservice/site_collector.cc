#include "site_collector.h"

#include <map>

#include "web_types.h"

namespace bulwark::appservice {
namespace {

using sdk::Json;

void collect(const sdk::Context& ctx) {
  std::map<std::string, Json> plans;  // lower-case serverfarm id -> what a site needs of it
  for (Json& farm : ctx.host.inventory(kPlanType)) {
    Json plan = {{"id", sdk::textAt(farm, "id")}, {"kind", sdk::textAt(farm, "kind")}};
    if (const Json* sku = sdk::at(farm, "sku"); sku != nullptr && sku->is_object())
      plan["sku"] = *sku;
    plans[sdk::lower(sdk::textAt(farm, "id"))] = plan;
    ctx.host.emitResource(farm);
  }
  for (const char* type : {kSiteType, kSlotType}) {
    for (Json& site : ctx.host.inventory(type)) {
      if (ctx.host.cancelled()) return;
      auto found = plans.find(sdk::lower(sdk::textAt(site, "properties.serverFarmId")));
      if (found != plans.end()) site["bulwark"]["plan"] = found->second;
      ctx.host.emitResource(site);
    }
  }
}

}  // namespace

sdk::CollectorDef armSitesCollector() {
  return {"arm-sites",
          "Web apps, function apps and slots from the ARM snapshot, with their configuration, "
          "authentication, publishing credentials policies and App Service plan attached; the "
          "App Service plans themselves",
          {kSiteType, kSlotType, kPlanType},
          collect};
}

}  // namespace bulwark::appservice
