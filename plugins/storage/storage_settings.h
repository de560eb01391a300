// The storage plugin's settings (the `settings:` mapping under `plugins: storage:`), checked
// when an instance is created. Error messages name the setting, never a key's value.
//
//   minimumTlsVersion: TLS1_2            # parameter of the minimum TLS policy
//   require_customer_managed_keys: false # the CMK check applies only when true
//   max_key_age_days: 90                 # keys older than this are reported
//   min_soft_delete_days: 7              # shortest acceptable blob/container retention
//   max_sas_expiration_hours: 24         # optional cap on the account's SAS policy
//   live_accounts:                       # read through the Blob service REST API
//     - name: mystorageaccount
//       resource_id:
//       /subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.Storage/storageAccounts/mystorageaccount
//       endpoint: https://mystorageaccount.blob.core.windows.net   # optional, this default
//       account_key_env: MYSTORAGE_KEY   # or account_key: <base64>, not both
//       timeout_seconds: 20              # optional
//       ca_file: /etc/ssl/certs/ca.pem   # optional, for HTTPS
#pragma once

#include <bulwark/plugin.hpp>
#include <optional>
#include <string>
#include <vector>

namespace bulwark::storage {

struct LiveAccountSetting {
  std::string name;
  std::string resourceId;
  std::string endpoint;
  std::string accountKey;     // inline key, or empty
  std::string accountKeyEnv;  // name of the environment variable holding the key, or empty
  int timeoutSeconds = 20;
  std::string caFile;
};

void validateSettings(const sdk::Json& settings);

std::vector<LiveAccountSetting> liveAccounts(const sdk::Json& settings);

// The account's key, from the setting or its environment variable. Throws a message naming
// the account and the variable when it is missing.
std::string resolveAccountKey(const LiveAccountSetting& account);

bool requireCustomerManagedKeys(const sdk::Json& settings);
int maxKeyAgeDays(const sdk::Json& settings);
int minSoftDeleteDays(const sdk::Json& settings);
std::optional<double> maxSasExpirationHours(const sdk::Json& settings);

}  // namespace bulwark::storage
