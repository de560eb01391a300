// Where operator-refreshed data (rule lists) lives.
#pragma once

#include <string>

namespace bulwark::datalists {

// $BULWARK_DATA_DIR when set and not empty, else /var/lib/bulwark.
std::string defaultDataDir();

}  // namespace bulwark::datalists
