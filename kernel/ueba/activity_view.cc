#include "ueba/activity_view.h"

#include <algorithm>

namespace bulwark::ueba {
namespace {

std::string_view field(const detect::Event& e, const detect::KeyTable& keys,
                       const std::string& name) {
  if (name.empty()) return {};
  detect::Key key = keys.find(name);
  return key == 0 ? std::string_view{} : e.get(key, keys);
}

bool anyMatch(const std::vector<TextMatch>& matches, std::string_view text) {
  return std::any_of(matches.begin(), matches.end(),
                     [&](const TextMatch& m) { return m.matches(text); });
}

bool succeeded(const ActivityInfo& d, const detect::Event& e, const detect::KeyTable& keys) {
  if (d.successField.empty()) return true;
  std::string_view status = field(e, keys, d.successField);
  if (status.empty()) return true;
  if (d.successHttpStatus && status.size() == 3 &&
      std::all_of(status.begin(), status.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return status.front() == '2';
  return std::any_of(d.successSuffixes.begin(), d.successSuffixes.end(), [&](const std::string& s) {
    return TextMatch{TextMatch::Kind::Suffix, s, true}.matches(status);
  });
}

int64_t parseBytes(std::string_view text) {
  int64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9' || value > (INT64_MAX - 9) / 10) return 0;
    value = value * 10 + (c - '0');
  }
  return value;
}

std::string_view operationOf(const ActivityInfo& d, const detect::Event& e,
                             const detect::KeyTable& keys, std::string_view type) {
  switch (d.operationFrom) {
    case ActivityInfo::OperationFrom::Field: {
      std::string_view value = field(e, keys, d.operationField);
      return value.empty() ? std::string_view(d.operationDefault) : value;
    }
    case ActivityInfo::OperationFrom::Type:
      return type;
    case ActivityInfo::OperationFrom::TypeSuffix:
      for (const TextMatch& m : d.types) {
        if (m.matches(type)) return type.substr(m.text.size());
      }
      return {};
  }
  return {};
}

}  // namespace

std::optional<ActivityView> activityOf(const detect::Event& e, const detect::KeyTable& keys,
                                       const DeclaredActivity& declaration) {
  const ActivityInfo& d = declaration.info;
  std::string_view principal = field(e, keys, d.principalField);
  if (principal.empty()) return std::nullopt;
  std::string_view operation = operationOf(d, e, keys, keys.text(e.type));
  if (operation.empty()) return std::nullopt;
  ActivityView v;
  v.declaration = &declaration;
  v.principal.reserve(d.principalPrefix.size() + principal.size());
  v.principal.append(d.principalPrefix).append(principal);
  v.operation = operation;
  v.address = field(e, keys, d.addressField);
  v.delegated = !d.delegatedField.empty() && field(e, keys, d.delegatedField) == d.delegatedValue;
  const bool ok = succeeded(d, e, keys);
  v.deletion = ok && anyMatch(d.deletions, operation);
  if (ok && !d.bytesOutField.empty() && anyMatch(d.bytesOutOperations, operation))
    v.bytesOut = parseBytes(field(e, keys, d.bytesOutField));
  return v;
}

std::optional<ActivityView> activityOf(const detect::Event& e, const detect::KeyTable& keys,
                                       const ActivityCatalog& catalog) {
  const DeclaredActivity* declaration = catalog.match(keys.text(e.type));
  return declaration == nullptr ? std::nullopt : activityOf(e, keys, *declaration);
}

}  // namespace bulwark::ueba
