// HTML escaping for text and attribute values. Resource names and evidence are hostile input.
#pragma once

#include <string>

namespace bulwark {

// Escapes & < > " ' so the result is inert in element content and in quoted attributes.
std::string htmlEscape(const std::string& text);

}  // namespace bulwark
