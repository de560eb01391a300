// The arm-sites collector: web apps, function apps and their slots from the ARM snapshot, with
// their config/web, config/authsettingsV2, basicPublishingCredentialsPolicies and diagnostic
// settings attached by the kernel as children, and their App Service plan (the serverfarm the
// snapshot holds for properties.serverFarmId) under bulwark.plan: {"id", "sku": {...}, "kind"};
// and the plans (Microsoft.Web/serverfarms) themselves. Authentication on in authsettingsV2 is
// folded into config/web's siteAuthEnabled, which the built-in reads.
#pragma once

#include <bulwark/plugin.hpp>

namespace bulwark::appservice {

sdk::CollectorDef armSitesCollector();

}  // namespace bulwark::appservice
