#include "site_collector.h"

#include <map>

#include "dangling_dns.h"
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
  std::map<std::string, std::string> hostNames;  // lower-case host name -> site id
  for (const char* type : {kSiteType, kSlotType}) {
    for (Json& site : ctx.host.inventory(type)) {
      if (ctx.host.cancelled()) return;
      auto found = plans.find(sdk::lower(sdk::textAt(site, "properties.serverFarmId")));
      if (found != plans.end()) site["bulwark"]["plan"] = found->second;
      for (const char* list : {"properties.hostNames", "properties.enabledHostNames"}) {
        for (const Json* name : sdk::arrayAt(site, list))
          if (name->is_string())
            hostNames[sdk::lower(name->get<std::string>())] = sdk::textAt(site, "id");
      }
      if (std::string host = sdk::textAt(site, "properties.defaultHostName"); !host.empty())
        hostNames[sdk::lower(host)] = sdk::textAt(site, "id");
      ctx.host.emitResource(site);
    }
  }
  for (Json& record : ctx.host.inventory(kCnameType)) {
    annotateCname(record, hostNames);
    ctx.host.emitResource(record);
  }
}

}  // namespace

sdk::CollectorDef armSitesCollector() {
  return {"arm-sites",
          "Web apps, function apps and slots from the ARM snapshot, with their configuration, "
          "authentication, publishing credentials policies and App Service plan attached; the "
          "App Service plans themselves, and the CNAME records of DNS zones with the site they "
          "point at",
          {kSiteType, kSlotType, kPlanType, kCnameType},
          collect};
}

}  // namespace bulwark::appservice
