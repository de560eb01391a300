// Base64 (RFC 4648, standard alphabet, padded) for the template functions base64() and
// base64ToString().
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace bulwark::policy {

std::string base64Encode(std::string_view bytes);

// The bytes `text` encodes, or nullopt when it is not padded standard base64 (as .NET's
// Convert.FromBase64String, which ARM uses, it tolerates whitespace between characters).
std::optional<std::string> base64Decode(std::string_view text);

}  // namespace bulwark::policy
