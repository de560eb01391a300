#include "storage_settings.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <set>
#include <stdexcept>

#include "live/shared_key.h"

namespace bulwark::storage {
namespace {

using sdk::Json;

const std::set<std::string> kTopLevel = {
    "minimumTlsVersion",    "require_customer_managed_keys", "max_key_age_days",
    "min_soft_delete_days", "max_sas_expiration_hours",      "live_accounts"};
const std::set<std::string> kAccountKeys = {"name",        "resource_id",     "endpoint",
                                            "account_key", "account_key_env", "timeout_seconds",
                                            "ca_file"};

std::string known(const std::set<std::string>& names) {
  std::string out;
  for (const auto& n : names)
    out += (out.empty() ? "" : ", ") + n;
  return out;
}

int positiveInt(const Json& settings, const char* name, int fallback) {
  auto it = settings.find(name);
  if (it == settings.end() || it->is_null()) return fallback;
  if (!it->is_number_integer() || it->get<long long>() <= 0 || it->get<long long>() > 100000)
    throw std::runtime_error(std::string(name) + " must be a whole number of days from 1");
  return it->get<int>();
}

std::string text(const Json& account, const char* key, const std::string& where) {
  auto it = account.find(key);
  if (it == account.end() || it->is_null()) return {};
  if (!it->is_string()) throw std::runtime_error(where + ": " + key + " must be a string");
  return it->get<std::string>();
}

bool validAccountName(const std::string& name) {
  return name.size() >= 3 && name.size() <= 24 && std::all_of(name.begin(), name.end(), [](char c) {
           return std::islower(static_cast<unsigned char>(c)) ||
                  std::isdigit(static_cast<unsigned char>(c));
         });
}

LiveAccountSetting parseAccount(const Json& a, size_t index) {
  std::string where = "live_accounts[" + std::to_string(index) + "]";
  if (!a.is_object()) throw std::runtime_error(where + " must be a mapping");
  for (const auto& [key, value] : a.items()) {
    if (kAccountKeys.count(key) == 0)
      throw std::runtime_error(where + ": unknown setting '" + key +
                               "' (known: " + known(kAccountKeys) + ")");
  }
  LiveAccountSetting s;
  s.name = text(a, "name", where);
  if (!validAccountName(s.name)) {
    throw std::runtime_error(where +
                             ": name must be a storage account name (3-24 lower-case "
                             "letters and digits)");
  }
  where = "live_accounts '" + s.name + "'";
  s.resourceId = text(a, "resource_id", where);
  std::string id = sdk::lower(s.resourceId);
  if (id.rfind("/subscriptions/", 0) != 0 ||
      id.find("/providers/microsoft.storage/storageaccounts/") == std::string::npos) {
    throw std::runtime_error(where +
                             ": resource_id must be the account's ARM id, "
                             "/subscriptions/<id>/resourceGroups/<name>/providers/"
                             "Microsoft.Storage/storageAccounts/<name>");
  }
  s.endpoint = text(a, "endpoint", where);
  if (s.endpoint.empty()) s.endpoint = "https://" + s.name + ".blob.core.windows.net";
  s.accountKey = text(a, "account_key", where);
  s.accountKeyEnv = text(a, "account_key_env", where);
  if (s.accountKey.empty() == s.accountKeyEnv.empty())
    throw std::runtime_error(where + ": give exactly one of account_key and account_key_env");
  if (!s.accountKey.empty()) {
    try {
      live::base64Decode(s.accountKey);
    } catch (const std::invalid_argument&) {
      throw std::runtime_error(where + ": account_key is not valid base64");
    }
  }
  if (a.contains("timeout_seconds")) {
    const Json& t = a["timeout_seconds"];
    if (!t.is_number_integer() || t.get<int>() < 1 || t.get<int>() > 600)
      throw std::runtime_error(where + ": timeout_seconds must be a whole number from 1 to 600");
    s.timeoutSeconds = t.get<int>();
  }
  s.caFile = text(a, "ca_file", where);
  return s;
}

}  // namespace

void validateSettings(const Json& settings) {
  if (!settings.is_object()) throw std::runtime_error("settings must be a mapping");
  for (const auto& [key, value] : settings.items()) {
    if (kTopLevel.count(key) == 0)
      throw std::runtime_error("unknown setting '" + key + "' (known: " + known(kTopLevel) + ")");
  }
  if (auto it = settings.find("minimumTlsVersion"); it != settings.end()) {
    static const std::set<std::string> kTls = {"TLS1_0", "TLS1_1", "TLS1_2", "TLS1_3"};
    if (!it->is_string() || kTls.count(it->get<std::string>()) == 0)
      throw std::runtime_error("minimumTlsVersion must be one of TLS1_0, TLS1_1, TLS1_2, TLS1_3");
  }
  if (auto it = settings.find("require_customer_managed_keys");
      it != settings.end() && !it->is_boolean()) {
    throw std::runtime_error("require_customer_managed_keys must be true or false");
  }
  maxKeyAgeDays(settings);
  minSoftDeleteDays(settings);
  maxSasExpirationHours(settings);
  liveAccounts(settings);
}

std::vector<LiveAccountSetting> liveAccounts(const Json& settings) {
  std::vector<LiveAccountSetting> out;
  auto it = settings.find("live_accounts");
  if (it == settings.end() || it->is_null()) return out;
  if (!it->is_array()) throw std::runtime_error("live_accounts must be a list of accounts");
  std::set<std::string> ids;
  for (size_t i = 0; i < it->size(); ++i) {
    out.push_back(parseAccount((*it)[i], i));
    if (!ids.insert(sdk::lower(out.back().resourceId)).second)
      throw std::runtime_error("live_accounts: resource_id " + out.back().resourceId +
                               " appears twice");
  }
  return out;
}

std::string resolveAccountKey(const LiveAccountSetting& account) {
  if (!account.accountKey.empty()) return account.accountKey;
  const char* value = std::getenv(account.accountKeyEnv.c_str());
  if (value == nullptr || *value == '\0') {
    throw std::runtime_error("account '" + account.name + "' at " + account.endpoint +
                             ": environment variable " + account.accountKeyEnv +
                             " (account_key_env) is not set or empty");
  }
  return value;
}

bool requireCustomerManagedKeys(const Json& settings) {
  auto it = settings.find("require_customer_managed_keys");
  return it != settings.end() && it->is_boolean() && it->get<bool>();
}

int maxKeyAgeDays(const Json& settings) {
  return positiveInt(settings, "max_key_age_days", 90);
}

int minSoftDeleteDays(const Json& settings) {
  return positiveInt(settings, "min_soft_delete_days", 7);
}

std::optional<double> maxSasExpirationHours(const Json& settings) {
  auto it = settings.find("max_sas_expiration_hours");
  if (it == settings.end() || it->is_null()) return std::nullopt;
  if (!it->is_number() || it->get<double>() <= 0)
    throw std::runtime_error("max_sas_expiration_hours must be a positive number of hours");
  return it->get<double>();
}

}  // namespace bulwark::storage
