// Reading ARM JSON documents the way Azure does: member names compare case-insensitively,
// booleans may be written as text, and a missing property is not an error. Every plugin
// needs these; they live here so none writes its own.
#ifndef BULWARK_SDK_JSON_HPP
#define BULWARK_SDK_JSON_HPP

#include <bulwark/sdk/text.hpp>
#include <bulwark/sdk/time.hpp>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace bulwark::sdk {

using Json = nlohmann::json;

// Case-insensitive lookup of one object member, as ARM property names are case-insensitive.
inline const Json* findMember(const Json& object, std::string_view name) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(std::string(name));
  if (it != object.end()) return &*it;
  for (auto m = object.begin(); m != object.end(); ++m) {
    if (iequals(m.key(), name)) return &*m;
  }
  return nullptr;
}

// Case-insensitive dotted-path lookup ("properties.osProfile.computerName"), or nullptr.
inline const Json* at(const Json& root, std::string_view dottedPath) {
  const Json* node = &root;
  while (node != nullptr && !dottedPath.empty()) {
    size_t dot = dottedPath.find('.');
    node = findMember(*node, dottedPath.substr(0, dot));
    dottedPath = dot == std::string_view::npos ? std::string_view{} : dottedPath.substr(dot + 1);
  }
  return node;
}

// The string at `dottedPath`, or "" when absent or not a string.
inline std::string textAt(const Json& root, std::string_view dottedPath) {
  const Json* v = at(root, dottedPath);
  return v != nullptr && v->is_string() ? v->get<std::string>() : std::string{};
}

// Text of a string property, or nullopt when absent, null or not a string.
inline std::optional<std::string> asText(const Json* v) {
  if (v == nullptr || !v->is_string()) return std::nullopt;
  return v->get<std::string>();
}

// A boolean property; accepts JSON booleans and "true"/"false" text as Azure Policy does.
// Absent, null or "" gives nullopt; any other value throws naming it, so an assessment reports
// Error, never Healthy, on a value it cannot read.
inline std::optional<bool> asBool(const Json* v) {
  if (v == nullptr || v->is_null()) return std::nullopt;
  if (v->is_boolean()) return v->get<bool>();
  if (v->is_string()) {
    const std::string& s = v->get_ref<const std::string&>();
    if (iequals(s, "true")) return true;
    if (iequals(s, "false")) return false;
    if (s.empty()) return std::nullopt;
  }
  throw std::runtime_error("expected a boolean, got " + v->dump());
}

// The members of an array property, or an empty list (never throws on shape).
inline std::vector<const Json*> arrayAt(const Json& root, std::string_view dottedPath) {
  std::vector<const Json*> out;
  const Json* v = at(root, dottedPath);
  if (v != nullptr && v->is_array()) {
    for (const Json& item : *v)
      out.push_back(&item);
  }
  return out;
}

}  // namespace bulwark::sdk

#endif  // BULWARK_SDK_JSON_HPP
