// The effective configuration of a site: its config/web child (the snapshot's
// `az webapp config show`) over the siteConfig of the site's own document, which a site GET
// carries only in part.
#pragma once

#include <bulwark/plugin.hpp>

namespace bulwark::appservice {

// {} when the snapshot holds neither.
sdk::Json effectiveSiteConfig(const sdk::Resource& site);

// The site is a function app ("functionapp" in its kind).
bool isFunctionApp(const sdk::Resource& site);

}  // namespace bulwark::appservice
