#include "ueba/activity_view.h"

#include <algorithm>
#include <cctype>

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

}  // namespace

std::optional<ActivityView> activityOf(const detect::Event& e, const detect::KeyTable& keys) {
  std::string_view type = keys.text(e.type);
  bool activity = type == "azure.activity";
  if (!activity && !isSignIn(type)) return std::nullopt;
  ActivityView v;
  v.principal = e.get(detect::keys::kUser, keys);
  if (v.principal.empty()) return std::nullopt;
  v.operation = activity ? e.get(detect::keys::kOperation, keys) : type;
  if (v.operation.empty()) return std::nullopt;
  v.ip = e.get(detect::keys::kIp, keys);
  // Activity Log writes Started, Accepted and Succeeded records for one operation: count the
  // one that says it happened (or the only one, when the record carries no status).
  std::string_view status = e.get(detect::keys::kStatus, keys);
  v.deletion =
      activity && endsWithNoCase(v.operation, "/delete") &&
      (status.empty() || endsWithNoCase(status, "Succeeded") || endsWithNoCase(status, "Success"));
  return v;
}

}  // namespace bulwark::ueba
