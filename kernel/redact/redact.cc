#include "redact/redact.h"

#include <array>
#include <regex>

#include "util/text.h"

namespace bulwark {
namespace {

// Member names that hold secrets in ARM documents and plugin settings. Matched as whole
// lower-cased names or as suffixes, so "storageAccountAccessKey" and "primaryKey" match while
// "keySource", "keyVaultProperties" and "keyCreationTime" do not.
constexpr std::array<std::string_view, 14> kSecretSuffixes = {
    "password",         "accesskey",   "accountkey", "primarykey",   "secondarykey",
    "connectionstring", "sastoken",    "secret",     "clientsecret", "sharedaccesskey",
    "apikey",           "accesstoken", "privatekey", "customdata"};

constexpr std::array<std::string_view, 4> kSecretNames = {"key1", "key2", "token", "value"};

bool endsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

const std::regex& secretPattern() {
  // AccountKey=..., SharedAccessKey=..., Password=... in connection strings; sig=... in SAS
  // URLs; bearer tokens.
  static const std::regex re(
      R"(((?:AccountKey|SharedAccessKey|SharedAccessSignature|Password|Pwd)\s*=\s*)[^;"\s]+)"
      R"(|([?&]sig=)[^&"\s]+)"
      R"(|(Bearer\s+)[A-Za-z0-9\-._~+/]+=*)",
      std::regex::icase | std::regex::optimize);
  return re;
}

// keyCreationTime.key1 and the like hold when a key was made, not the key.
bool isTimestamp(const nlohmann::json& v) {
  static const std::regex iso(R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?)");
  return v.is_string() && std::regex_match(v.get_ref<const std::string&>(), iso);
}

nlohmann::json redactNode(const nlohmann::json& node, bool insideKeysList) {
  if (node.is_object()) {
    nlohmann::json out = nlohmann::json::object();
    for (auto it = node.begin(); it != node.end(); ++it) {
      const bool secret = isSecretKeyName(it.key()) && (it.key() != "value" || insideKeysList) &&
                          !it.value().is_boolean() && !it.value().is_object() &&
                          !it.value().is_array() && !it.value().is_null() &&
                          !isTimestamp(it.value());
      if (secret) {
        out[it.key()] = kRedacted;
      } else {
        out[it.key()] =
            redactNode(it.value(), insideKeysList || equalsIgnoreCase(it.key(), "keys"));
      }
    }
    return out;
  }
  if (node.is_array()) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& item : node)
      out.push_back(redactNode(item, insideKeysList));
    return out;
  }
  if (node.is_string()) {
    const std::string& s = node.get_ref<const std::string&>();
    return redactText(s);
  }
  return node;
}

}  // namespace

bool isSecretKeyName(std::string_view name) {
  std::string lower = toLowerAscii(name);
  for (auto n : kSecretNames) {
    if (lower == n) return true;
  }
  for (auto suffix : kSecretSuffixes) {
    if (endsWith(lower, suffix)) return true;
  }
  return false;
}

nlohmann::json redactJson(const nlohmann::json& doc) {
  return redactNode(doc, false);
}

std::string redactText(std::string_view text) {
  std::string s(text);
  if (s.find('=') == std::string::npos && s.find("earer") == std::string::npos) return s;
  return std::regex_replace(s, secretPattern(), std::string("$1$2$3") + kRedacted);
}

}  // namespace bulwark
