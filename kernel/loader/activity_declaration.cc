#include "loader/activity_declaration.h"

#include "util/text.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <stdexcept>

namespace bulwark {
namespace {

using nlohmann::json;

constexpr AnomalyCheck kChecks[] = {
    AnomalyCheck::NewOperation,     AnomalyCheck::NewCountry,   AnomalyCheck::NewAddress,
    AnomalyCheck::ImpossibleTravel, AnomalyCheck::MassDeletion, AnomalyCheck::DelegatedNewAddress,
    AnomalyCheck::UnusualExtraction};

bool equalText(std::string_view a, std::string_view b, bool nocase) {
  return nocase ? equalsIgnoreCase(a, b) : a == b;
}

[[noreturn]] void fail(const std::string& where, const std::string& what) {
  throw std::runtime_error(where + ": " + what);
}

const json* member(const json& obj, const char* key) {
  auto it = obj.find(key);
  return it == obj.end() || it->is_null() ? nullptr : &*it;
}

std::string text(const json& obj, const char* key, bool required, const std::string& where) {
  const json* v = member(obj, key);
  if (v == nullptr) {
    if (required) fail(where, std::string("has no \"") + key + "\"");
    return {};
  }
  if (!v->is_string()) fail(where, std::string("\"") + key + "\" must be a string");
  std::string s = v->get<std::string>();
  if (required && s.empty()) fail(where, std::string("\"") + key + "\" is empty");
  return s;
}

const json& object(const json& obj, const char* key, const std::string& where) {
  static const json empty = json::object();
  const json* v = member(obj, key);
  if (v == nullptr) return empty;
  if (!v->is_object()) fail(where, std::string("\"") + key + "\" must be an object");
  return *v;
}

const json& list(const json& obj, const char* key, const std::string& where) {
  static const json empty = json::array();
  const json* v = member(obj, key);
  if (v == nullptr) return empty;
  if (!v->is_array()) fail(where, std::string("\"") + key + "\" must be a list");
  return *v;
}

bool flag(const json& obj, const char* key, const std::string& where) {
  const json* v = member(obj, key);
  if (v == nullptr) return false;
  if (!v->is_boolean()) fail(where, std::string("\"") + key + "\" must be true or false");
  return v->get<bool>();
}

TextMatch textMatch(const json& m, const std::string& where) {
  if (!m.is_object()) fail(where, "a match must be an object such as {\"prefix\": \"...\"}");
  static const std::pair<const char*, TextMatch::Kind> kKinds[] = {
      {"equals", TextMatch::Kind::Equals},
      {"prefix", TextMatch::Kind::Prefix},
      {"suffix", TextMatch::Kind::Suffix},
      {"contains", TextMatch::Kind::Contains}};
  TextMatch out;
  int found = 0;
  for (const auto& [name, kind] : kKinds) {
    if (member(m, name) == nullptr) continue;
    ++found;
    out.kind = kind;
    out.text = text(m, name, true, where);
  }
  if (found != 1)
    fail(where, "a match needs exactly one of \"equals\", \"prefix\", \"suffix\", \"contains\"");
  for (auto it = m.begin(); it != m.end(); ++it) {
    const std::string& k = it.key();
    if (k != "equals" && k != "prefix" && k != "suffix" && k != "contains" && k != "nocase")
      fail(where, "unknown match member \"" + k + "\"");
  }
  out.nocase = flag(m, "nocase", where);
  return out;
}

std::vector<TextMatch> matches(const json& obj, const char* key, const std::string& where) {
  std::vector<TextMatch> out;
  for (const json& m : list(obj, key, where))
    out.push_back(textMatch(m, where + " " + key));
  return out;
}

// The {name} placeholders of a template; throws on an unclosed one.
std::vector<std::string> placeholders(const std::string& tmpl, const std::string& where) {
  std::vector<std::string> out;
  for (size_t open = tmpl.find('{'); open != std::string::npos; open = tmpl.find('{', open + 1)) {
    size_t close = tmpl.find('}', open);
    if (close == std::string::npos)
      fail(where, "description has a '{' without its '}' at character " + std::to_string(open + 1));
    out.push_back(tmpl.substr(open + 1, close - open - 1));
  }
  return out;
}

AnomalyKindInfo anomalyKind(const json& k) {
  if (!k.is_object()) throw std::runtime_error("an anomaly kind must be an object");
  AnomalyKindInfo info;
  info.id = text(k, "id", true, "anomaly kind");
  std::string where = "anomaly kind '" + info.id + "'";
  info.title = text(k, "title", true, where);
  info.severity = text(k, "severity", true, where);
  static const std::set<std::string> kSeverities = {"High", "Medium", "Low", "Informational"};
  if (!kSeverities.count(info.severity))
    fail(where, "unknown severity '" + info.severity + "' (High, Medium, Low, Informational)");
  info.tactic = text(k, "tactic", false, where);
  info.technique = text(k, "technique", false, where);
  info.remediation = text(k, "remediation", false, where);
  info.description = text(k, "description", true, where);
  placeholders(info.description, where);
  return info;
}

ActivityInfo activity(const json& a) {
  if (!a.is_object()) throw std::runtime_error("an activity declaration must be an object");
  ActivityInfo info;
  info.id = text(a, "id", true, "activity");
  const std::string where = "activity '" + info.id + "'";
  info.description = text(a, "description", false, where);
  info.types = matches(a, "types", where);
  if (info.types.empty()) fail(where, "\"types\" must list at least one match");
  const json& principal = object(a, "principal", where);
  info.principalField = text(principal, "field", true, where + " principal");
  info.principalPrefix = text(principal, "prefix", false, where + " principal");
  info.addressField = text(object(a, "address", where), "field", false, where + " address");

  const json& operation = object(a, "operation", where);
  std::string from = text(operation, "from", false, where + " operation");
  info.operationField = text(operation, "field", false, where + " operation");
  info.operationDefault = text(operation, "default", false, where + " operation");
  if (!info.operationDefault.empty() && info.operationField.empty())
    fail(where, "operation \"default\" goes with \"field\"");
  if (from.empty() == info.operationField.empty())
    fail(where, "\"operation\" needs either \"field\" or \"from\": \"type\" | \"typeSuffix\"");
  if (from == "type") {
    info.operationFrom = ActivityInfo::OperationFrom::Type;
  } else if (from == "typeSuffix") {
    info.operationFrom = ActivityInfo::OperationFrom::TypeSuffix;
    for (const TextMatch& m : info.types) {
      if (m.kind != TextMatch::Kind::Prefix)
        fail(where, "operation \"from\": \"typeSuffix\" needs every type match to be a prefix");
    }
  } else if (!from.empty()) {
    fail(where, "operation \"from\" must be \"type\" or \"typeSuffix\", not '" + from + "'");
  }

  const json& success = object(a, "success", where);
  if (!success.empty()) {
    info.successField = text(success, "field", true, where + " success");
    info.successHttpStatus = flag(success, "httpStatus", where + " success");
    for (const json& s : list(success, "suffixes", where + " success")) {
      if (!s.is_string()) fail(where, "success \"suffixes\" must be strings");
      info.successSuffixes.push_back(s.get<std::string>());
    }
  }
  info.deletions = matches(object(a, "deletion", where), "operations", where + " deletion");
  const json& bytesOut = object(a, "bytesOut", where);
  if (!bytesOut.empty()) {
    info.bytesOutField = text(bytesOut, "field", true, where + " bytesOut");
    info.bytesOutOperations = matches(bytesOut, "operations", where + " bytesOut");
  }
  const json& delegated = object(a, "delegatedCredential", where);
  if (!delegated.empty()) {
    info.delegatedField = text(delegated, "field", true, where + " delegatedCredential");
    info.delegatedValue = text(delegated, "equals", true, where + " delegatedCredential");
  }
  info.principalIsResource = flag(a, "principalIsResource", where);

  const json& checks = object(a, "checks", where);
  for (auto it = checks.begin(); it != checks.end(); ++it) {
    auto check = std::find_if(std::begin(kChecks), std::end(kChecks),
                              [&](AnomalyCheck c) { return anomalyCheckName(c) == it.key(); });
    if (check == std::end(kChecks)) {
      std::string known;
      for (AnomalyCheck c : kChecks)
        known += (known.empty() ? "" : ", ") + std::string(anomalyCheckName(c));
      fail(where, "unknown check '" + it.key() + "' (known: " + known + ")");
    }
    if (!it->is_string() || it->get<std::string>().empty())
      fail(where, "check '" + it.key() + "' must name an anomaly kind id");
    info.checks.emplace_back(*check, it->get<std::string>());
  }
  auto needs = [&](AnomalyCheck c, bool present, const char* what) {
    if (info.has(c) && !present)
      fail(where, "check '" + std::string(anomalyCheckName(c)) + "' needs " + what);
  };
  bool address = !info.addressField.empty();
  needs(AnomalyCheck::NewCountry, address, "an \"address\" field");
  needs(AnomalyCheck::NewAddress, address, "an \"address\" field");
  needs(AnomalyCheck::ImpossibleTravel, address, "an \"address\" field");
  needs(AnomalyCheck::DelegatedNewAddress, address && !info.delegatedField.empty(),
        "an \"address\" field and a \"delegatedCredential\"");
  needs(AnomalyCheck::UnusualExtraction, !info.bytesOutField.empty(), "\"bytesOut\"");
  return info;
}

}  // namespace

bool TextMatch::matches(std::string_view value) const {
  switch (kind) {
    case Kind::Equals:
      return equalText(value, text, nocase);
    case Kind::Prefix:
      return value.size() >= text.size() && equalText(value.substr(0, text.size()), text, nocase);
    case Kind::Suffix:
      return value.size() >= text.size() &&
             equalText(value.substr(value.size() - text.size()), text, nocase);
    case Kind::Contains:
      if (!nocase) return value.find(text) != std::string_view::npos;
      for (size_t i = 0; i + text.size() <= value.size(); ++i) {
        if (equalText(value.substr(i, text.size()), text, true)) return true;
      }
      return false;
  }
  return false;
}

std::string_view anomalyCheckName(AnomalyCheck check) {
  switch (check) {
    case AnomalyCheck::NewOperation:
      return "new-operation";
    case AnomalyCheck::NewCountry:
      return "new-country";
    case AnomalyCheck::NewAddress:
      return "new-address";
    case AnomalyCheck::ImpossibleTravel:
      return "impossible-travel";
    case AnomalyCheck::MassDeletion:
      return "mass-deletion";
    case AnomalyCheck::DelegatedNewAddress:
      return "delegated-new-address";
    case AnomalyCheck::UnusualExtraction:
      return "unusual-extraction";
  }
  return "";
}

const std::vector<std::string_view>& anomalyCheckPlaceholders(AnomalyCheck check) {
  static const std::vector<std::string_view> newOperation = {
      "principal", "operation", "known_operations_count", "known_operations", "days"};
  static const std::vector<std::string_view> newCountry = {
      "principal", "address", "country", "known_countries", "known_addresses_count", "days"};
  static const std::vector<std::string_view> newAddress = {
      "principal",       "address", "located_address", "known_addresses_count",
      "known_addresses", "days"};
  static const std::vector<std::string_view> travel = {"principal",
                                                       "previous_country",
                                                       "previous_address",
                                                       "previous_time",
                                                       "country",
                                                       "address",
                                                       "time",
                                                       "km",
                                                       "minutes",
                                                       "speed",
                                                       "max_speed"};
  static const std::vector<std::string_view> hourly = {
      "principal", "count", "hour", "median", "mad", "days", "active_hours", "threshold"};
  static const std::vector<std::string_view> delegated = {
      "principal", "address", "known_addresses_count", "known_addresses", "days"};
  static const std::vector<std::string_view> extraction = {
      "principal", "bytes", "hour", "median", "mad", "days", "active_hours", "threshold"};
  switch (check) {
    case AnomalyCheck::NewOperation:
      return newOperation;
    case AnomalyCheck::NewCountry:
      return newCountry;
    case AnomalyCheck::NewAddress:
      return newAddress;
    case AnomalyCheck::ImpossibleTravel:
      return travel;
    case AnomalyCheck::MassDeletion:
      return hourly;
    case AnomalyCheck::DelegatedNewAddress:
      return delegated;
    case AnomalyCheck::UnusualExtraction:
      return extraction;
  }
  return hourly;
}

const std::string* ActivityInfo::kindOf(AnomalyCheck check) const {
  for (const auto& [c, kind] : checks) {
    if (c == check) return &kind;
  }
  return nullptr;
}

ActivityDeclarations parseActivityDeclarations(const json& manifest) {
  ActivityDeclarations out;
  std::set<std::string> kindIds;
  for (const json& k : list(manifest, "anomalyKinds", "manifest")) {
    out.anomalyKinds.push_back(anomalyKind(k));
    if (!kindIds.insert(out.anomalyKinds.back().id).second)
      throw std::runtime_error("duplicate anomaly kind id '" + out.anomalyKinds.back().id +
                               "' in the manifest");
  }
  std::set<std::string> activityIds;
  for (const json& a : list(manifest, "activities", "manifest")) {
    ActivityInfo info = activity(a);
    if (!activityIds.insert(info.id).second)
      throw std::runtime_error("duplicate activity id '" + info.id + "' in the manifest");
    for (const auto& [check, kindId] : info.checks) {
      auto kind = std::find_if(out.anomalyKinds.begin(), out.anomalyKinds.end(),
                               [&](const AnomalyKindInfo& k) { return k.id == kindId; });
      const std::string where =
          "activity '" + info.id + "' check '" + std::string(anomalyCheckName(check)) + "'";
      if (kind == out.anomalyKinds.end())
        fail(where, "anomaly kind '" + kindId + "' is not in the manifest's \"anomalyKinds\"");
      const auto& offered = anomalyCheckPlaceholders(check);
      for (const std::string& p :
           placeholders(kind->description, "anomaly kind '" + kindId + "'")) {
        if (std::find(offered.begin(), offered.end(), p) != offered.end()) continue;
        std::string known;
        for (std::string_view o : offered)
          known += (known.empty() ? "" : ", ") + std::string(o);
        fail(where, "anomaly kind '" + kindId + "' uses {" + p +
                        "}, which this check does not "
                        "offer (it offers: " +
                        known + ")");
      }
    }
    out.activities.push_back(std::move(info));
  }
  return out;
}

}  // namespace bulwark
