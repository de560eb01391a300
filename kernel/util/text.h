// ASCII text helpers: ARM ids, ecosystem names and log fields compare case-insensitively in
// their ASCII parts.
#pragma once

#include <string>
#include <string_view>

namespace bulwark {

std::string toLowerAscii(std::string_view s);
bool equalsIgnoreCase(std::string_view a, std::string_view b);

}  // namespace bulwark
