// An Azure Policy built-in definition shipped unchanged as a declarative assessment: the title,
// description, resource type and definition id come from the definition; the plugin adds what
// Defender adds (severity, control, remediation, quick fix). The sql and appservice plugins
// ship their built-ins this way.
#ifndef BULWARK_SDK_BUILTIN_DEFINITION_HPP
#define BULWARK_SDK_BUILTIN_DEFINITION_HPP

#include <bulwark/plugin.hpp>

#include <stdexcept>
#include <string>
#include <vector>

namespace bulwark::sdk {

struct BuiltinRecommendation {
  std::string id;          // the assessment id, e.g. "appservice.https-only"
  const char* definition;  // the definition's JSON text
  Severity severity = Severity::Medium;
  std::string control;
  std::string remediation;
  std::string quickFix;
  // {"effect": "Disabled"} ships it off until the security policy turns it on.
  Json defaultParameters = Json::object();
};

// The type a definition's `if` requires ({"field": "type", "equals": ...}), searched through
// allOf, or of the first alternative of an anyOf (the resource the definition is about; later
// alternatives are its children); "" when it names none.
inline std::string requiredResourceType(const Json& condition) {
  if (!condition.is_object()) return {};
  if (condition.value("field", "") == "type" && condition.contains("equals") &&
      condition["equals"].is_string())
    return condition["equals"].get<std::string>();
  if (auto all = condition.find("allOf"); all != condition.end() && all->is_array()) {
    for (const auto& c : *all) {
      std::string t = requiredResourceType(c);
      if (!t.empty()) return t;
    }
  }
  if (auto any = condition.find("anyOf");
      any != condition.end() && any->is_array() && !any->empty())
    return requiredResourceType(any->front());
  return {};
}

// Throws std::logic_error when the definition is not JSON or names no resource type: a
// shipped definition that does not load is a bug of the plugin, found by its first test.
inline AssessmentDef builtinAssessment(const BuiltinRecommendation& r) {
  Json definition = Json::parse(r.definition);
  const Json& properties = definition.at("properties");
  AssessmentDef a;
  a.id = r.id;
  a.title = properties.at("displayName").get<std::string>();
  a.description = properties.value("description", "");
  a.resourceType = requiredResourceType(properties.at("policyRule").at("if"));
  if (a.resourceType.empty())
    throw std::logic_error(r.id + ": the definition names no resource type");
  a.severity = r.severity;
  a.control = r.control;
  a.remediation = r.remediation;
  a.quickFix = r.quickFix;
  a.policyDefinitionId = definition.value("name", "");
  a.policy = r.definition;
  a.defaultParameters = r.defaultParameters;
  return a;
}

inline std::vector<AssessmentDef> builtinAssessments(
    const std::vector<BuiltinRecommendation>& recommendations) {
  std::vector<AssessmentDef> out;
  for (const auto& r : recommendations)
    out.push_back(builtinAssessment(r));
  return out;
}

}  // namespace bulwark::sdk

#endif
