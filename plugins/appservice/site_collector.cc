#include "site_collector.h"

#include <map>

#include "dangling_dns.h"
#include "web_types.h"

namespace bulwark::appservice {
namespace {

using sdk::Json;

// Authentication turned on through authsettingsV2 (the portal's and the CLI's default since
// 2021) is what config/web's siteAuthEnabled shows for the older settings; the built-in reads
// only the latter, so the effective state is copied there and the evidence says where from.
void foldAuthSettingsV2(Json& site) {
  Json* children = site.contains("children") ? &site["children"] : nullptr;
  if (children == nullptr || !children->is_array()) return;
  bool v2Enabled = false;
  for (const Json& child : *children) {
    std::string type = sdk::lower(sdk::textAt(child, "type"));
    std::string name = sdk::lower(sdk::textAt(child, "name"));
    bool isV2 = (type == "microsoft.web/sites/config" && name == "authsettingsv2") ||
                sdk::endsWithIgnoreCase(type, "/authsettingsv2");
    if (isV2 && sdk::asBool(sdk::at(child, "properties.platform.enabled")).value_or(false))
      v2Enabled = true;
  }
  if (!v2Enabled) return;
  for (Json& child : *children) {
    if (!sdk::iequals(sdk::textAt(child, "type"), "Microsoft.Web/sites/config") ||
        !sdk::iequals(sdk::textAt(child, "name"), "web"))
      continue;
    if (sdk::asBool(sdk::at(child, "properties.siteAuthEnabled")).value_or(false)) return;
    child["properties"]["siteAuthEnabled"] = true;
    site["bulwark"]["authentication"] = "enabled in authsettingsV2 (platform.enabled)";
  }
}

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
      foldAuthSettingsV2(site);
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
