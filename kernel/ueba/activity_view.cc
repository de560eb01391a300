#include "ueba/activity_view.h"

#include <algorithm>
#include <cctype>
#include <cstdint>

namespace bulwark::ueba {
namespace {

bool endsWithNoCase(std::string_view text, std::string_view suffix) {
  if (text.size() < suffix.size()) return false;
  return std::equal(suffix.rbegin(), suffix.rend(), text.rbegin(), [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) ==
           std::tolower(static_cast<unsigned char>(b));
  });
}

bool isSignIn(std::string_view type) {
  return endsWithNoCase(type, ".login.success") || type.find("signin") != std::string_view::npos;
}

bool succeeded(std::string_view status) {
  return status.empty() || endsWithNoCase(status, "Succeeded") || endsWithNoCase(status, "Success");
}

int64_t parseBytes(std::string_view text) {
  int64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9' || value > (INT64_MAX - 9) / 10) return 0;
    value = value * 10 + (c - '0');
  }
  return value;
}

// Storage logs carry the HTTP status code; a 2xx answer is a success.
bool storageSucceeded(std::string_view status) {
  if (status.size() == 3 &&
      std::all_of(status.begin(), status.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return status.front() == '2';
  return succeeded(status);
}

// A storage request, attributed to its account. Deletions and reads count only when the
// service answered with success.
std::optional<ActivityView> storageActivityOf(const detect::Event& e, const detect::KeyTable& keys,
                                              std::string_view type) {
  static constexpr std::string_view kPrefix = "storage.blob.";
  detect::Key accountKey = keys.find("account");
  if (accountKey == 0) return std::nullopt;
  std::string_view account = e.get(accountKey, keys);
  if (account.empty()) return std::nullopt;
  ActivityView v;
  v.kind = ActivityKind::Storage;
  v.principal = std::string(kStorageAccountPrefix) + std::string(account);
  v.operation = type.substr(kPrefix.size());
  v.ip = e.get(detect::keys::kIp, keys);
  detect::Key authKey = keys.find("auth");
  v.sas = authKey != 0 && e.get(authKey, keys) == "SAS";
  bool ok = storageSucceeded(e.get(detect::keys::kStatus, keys));
  v.deletion = ok && (v.operation == "DeleteBlob" || v.operation == "DeleteContainer");
  detect::Key bytesKey = keys.find("response_bytes");
  if (ok && v.operation == "GetBlob" && bytesKey != 0)
    v.bytesOut = parseBytes(e.get(bytesKey, keys));
  return v;
}

}  // namespace

bool mayBeActivityType(std::string_view type) {
  return type.rfind("storage.blob.", 0) == 0 || type == "azure.activity" || isSignIn(type);
}

std::optional<ActivityView> activityOf(const detect::Event& e, const detect::KeyTable& keys) {
  std::string_view type = keys.text(e.type);
  if (type.rfind("storage.blob.", 0) == 0) return storageActivityOf(e, keys, type);
  bool activity = type == "azure.activity";
  if (!activity && !isSignIn(type)) return std::nullopt;
  ActivityView v;
  v.kind = activity ? ActivityKind::Activity : ActivityKind::SignIn;
  v.principal = e.get(detect::keys::kUser, keys);
  if (v.principal.empty()) return std::nullopt;
  v.operation = activity ? e.get(detect::keys::kOperation, keys) : type;
  if (v.operation.empty()) return std::nullopt;
  v.ip = e.get(detect::keys::kIp, keys);
  // Activity Log writes Started, Accepted and Succeeded records for one operation: count the
  // one that says it happened (or the only one, when the record carries no status).
  std::string_view status = e.get(detect::keys::kStatus, keys);
  v.deletion = activity && endsWithNoCase(v.operation, "/delete") && succeeded(status);
  return v;
}

}  // namespace bulwark::ueba
