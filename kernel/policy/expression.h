// ARM template expressions as Azure Policy uses them: "[concat(parameters('a'), 'b')]".
// Strings not starting with '[' (or starting with the "[[" escape) are literals.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace bulwark::policy {

using Json = nlohmann::json;

struct ExpressionContext {
  const Json* parameters = nullptr;  // effective parameter values by name
  // field('x'): the value of a field of the resource under evaluation (null when missing).
  std::function<Json(const std::string&)> field;
  // current('name') or current(): the element of the innermost count loop.
  std::function<std::optional<Json>(const std::string&)> current;
  const Json* resource = nullptr;         // for subscription() and resourceGroup()
  std::string apiVersion = "2024-01-01";  // requestContext().apiVersion
};

// Whether `text` is an expression (starts with '[' but not "[[", ends with ']').
bool isExpression(const std::string& text);

// Evaluates strings that are expressions; other JSON values are returned unchanged, and "[[x"
// becomes "[x". Throws Unsupported for functions this engine lacks, PolicyError otherwise.
Json evaluate(const Json& value, const ExpressionContext& context);

// Names of the functions an expression calls, without evaluating it (for support checks).
// Throws PolicyError if the expression does not parse.
std::vector<std::string> functionsUsed(const std::string& expression);

// Whether the engine implements a function (case-insensitive).
bool isSupportedFunction(const std::string& name);

}  // namespace bulwark::policy
