// The arm-databases collector: the database servers of the ARM snapshot with their children,
// each with the Defender plans of its subscription (Microsoft.Security/pricings in the
// snapshot) under bulwark.defenderPlans: {"SqlServers": {"pricingTier": "Standard"}, ...}.
// Without pricings for a subscription its servers carry no bulwark.defenderPlans.
#pragma once

#include <bulwark/plugin.hpp>

namespace bulwark::sql {

inline constexpr const char* kPricingType = "Microsoft.Security/pricings";

sdk::CollectorDef armDatabasesCollector();

}  // namespace bulwark::sql
