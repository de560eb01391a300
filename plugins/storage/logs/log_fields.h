// Field conversions shared by the storage plugin's log sources (StorageBlobLogs JSON Lines and
// classic Storage Analytics lines), so both give the storage rules the same values. Results
// are views into the input where they are parts of it.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace bulwark::storage::logs {

// "1.2.3.4:5678", "[2001:db8::1]:443", "2001:db8::1" or "1.2.3.4" -> address and port.
std::pair<std::string_view, std::string_view> splitAddress(std::string_view text);

// Base64 to lower-case hex, written into `out`; "" when the text is not base64.
void base64ToHex(std::string_view text, std::string& out);

// The container and object of an object key "/account/container/blob/path" (either may be
// empty).
std::pair<std::string_view, std::string_view> objectKeyParts(std::string_view objectKey);

// "2026-11-29T01:50:12Z", "2026-11-29 01:50:12.123+02:00", "...T01:50:12.1234567Z" as Unix
// nanoseconds; date-only and anything malformed is nullopt. A missing zone means UTC. (The
// same forms the kernel's readers accept.)
std::optional<int64_t> parseIso8601(std::string_view text);

}  // namespace bulwark::storage::logs
