// The ARM types of the appservice plugin.
#pragma once

namespace bulwark::appservice {

inline constexpr const char* kSiteType = "Microsoft.Web/sites";
inline constexpr const char* kSlotType = "Microsoft.Web/sites/slots";
inline constexpr const char* kPlanType = "Microsoft.Web/serverfarms";

}  // namespace bulwark::appservice
