// The live checks of what the endpoint serves that it should not: directory listings, the Git
// repository's metadata, environment files, and backup and editor files (http_probes.h has
// the paths).
#pragma once

#include <vector>

#include "live/live_check.h"

namespace bulwark::appservice::live {

std::vector<LiveCheck> exposureChecks();

}  // namespace bulwark::appservice::live
