// Keeps secrets out of the store, reports and logs: account keys, passwords, SAS signatures
// and connection strings are replaced by a marker before anything is written.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace bulwark {

inline constexpr const char* kRedacted = "[REDACTED]";

// Whether a JSON member name holds a secret (e.g. storageAccountAccessKey, adminPassword).
bool isSecretKeyName(std::string_view name);

// Copy of `doc` with secret members and secret-looking text values replaced.
nlohmann::json redactJson(const nlohmann::json& doc);

// `text` with connection-string keys, SAS signatures and bearer tokens replaced.
std::string redactText(std::string_view text);

}  // namespace bulwark
