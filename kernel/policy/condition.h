// Evaluates an Azure Policy condition tree (allOf / anyOf / not; field, value and count
// conditions with every documented operator) against one resource document.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "policy/aliases.h"

namespace bulwark::policy {

using Json = nlohmann::json;

// One leaf condition as evaluated, kept as evidence for reports.
struct LeafTrace {
  std::string subject;  // the field or value expression
  std::string op;
  Json expected;
  Json actual;  // null when the field does not exist; an array for [*] fields
  bool result = false;
};

struct ConditionContext {
  const Json* resource = nullptr;  // fields resolve against this document
  // What field(), subscription() and resourceGroup() inside expressions see, when not
  // `resource`: an existenceCondition tests the related resource, but its [field()] values
  // are those of the evaluated resource.
  const Json* expressionResource = nullptr;
  const Json* parameters = nullptr;  // effective parameter values
  const AliasTable* aliases = &AliasTable::builtin();
  std::string apiVersion = "2024-01-01";
  std::vector<LeafTrace>* trace = nullptr;  // optional
};

// Throws Unsupported for features the engine lacks and PolicyError for malformed conditions.
bool evaluateCondition(const Json& condition, const ConditionContext& context);

// The operators a leaf condition may use (lower-case), for support checks.
bool isKnownOperator(const std::string& name);

}  // namespace bulwark::policy
