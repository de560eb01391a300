// The live checks of the response to the endpoint's url: HSTS, Content-Security-Policy,
// X-Content-Type-Options, framing, Referrer-Policy, Permissions-Policy, cookie flags, version
// banners, and the HTTP to HTTPS redirect.
#pragma once

#include <vector>

#include "live/live_check.h"

namespace bulwark::appservice::live {

inline constexpr long long kHstsMinimumMaxAge = 31536000;  // one year, as preload lists ask

std::vector<LiveCheck> headerChecks();

}  // namespace bulwark::appservice::live
