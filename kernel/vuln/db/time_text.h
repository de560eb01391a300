// The current UTC time as ISO 8601 text ("2026-11-29T01:30:00Z"), the form the database stores.
#pragma once

#include <string>

namespace bulwark::vuln {

std::string utcNowText();

}  // namespace bulwark::vuln
