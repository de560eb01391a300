#include "site_config.h"

namespace bulwark::appservice {

sdk::Json effectiveSiteConfig(const sdk::Resource& site) {
  sdk::Json config = sdk::Json::object();
  if (const sdk::Json* own = site.find("properties.siteConfig"); own && own->is_object())
    config = *own;
  for (const auto& child : site.children("config")) {
    if (!sdk::iequals(child.name(), "web")) continue;
    const sdk::Json* properties = child.find("properties");
    if (properties == nullptr || !properties->is_object()) continue;
    for (auto it = properties->begin(); it != properties->end(); ++it) {
      if (!it->is_null()) config[it.key()] = *it;
    }
  }
  return config;
}

bool isFunctionApp(const sdk::Resource& site) {
  return sdk::lower(sdk::textAt(site.json(), "kind")).find("functionapp") != std::string::npos;
}

}  // namespace bulwark::appservice
