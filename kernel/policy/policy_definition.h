// Azure Policy definitions: parsing (the built-in file shape {"properties": {...}} or a bare
// properties object), parameters, the support check, and evaluation on one resource.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "policy/aliases.h"
#include "policy/condition.h"

namespace bulwark::policy {

struct PolicyDefinition {
  std::string name;  // the definition's name (a GUID for built-ins) or file stem
  std::string displayName;
  std::string description;
  std::string mode;
  std::string category;
  std::string version;
  bool deprecated = false;
  Json parameters = Json::object();  // declarations: type, defaultValue, allowedValues...
  Json rule;                         // policyRule: {"if": ..., "then": ...}
  std::string file;

  bool isKubernetes() const;
};

// Throws PolicyError naming what is missing or malformed.
PolicyDefinition parseDefinition(const Json& document, const std::string& file);

// Defaults of the declared parameters overridden by `values` (case-insensitive names).
// Throws PolicyError for a parameter with neither, or a value outside allowedValues.
Json effectiveParameters(const PolicyDefinition& def, const Json& values);

// The first feature of `def` this engine cannot evaluate, or nullopt if it is supported.
std::optional<std::string> unsupportedFeature(const PolicyDefinition& def, const Json& parameters,
                                              const AliasTable& aliases = AliasTable::builtin());

// NoData: the resource is in the definition's reach, but the inventory lacks what the rule
// tests (a vault whose data-plane objects were not read); the reason says what is missing.
enum class Compliance { Compliant, NonCompliant, NotApplicable, Disabled, NoData };

struct PolicyVerdict {
  Compliance compliance = Compliance::NotApplicable;
  std::string effect;  // lower-case
  std::string reason;
  Json evidence = Json::object();
};

// Resources a definition's AuditIfNotExists/DeployIfNotExists may look at besides the
// resource's own children: those of `type` inside `scope`, an ARM scope id
// ("/subscriptions/S" or "/subscriptions/S/resourceGroups/RG"). The engine derives the scope
// from the evaluated resource and the details' existenceScope and resourceGroupName.
using RelatedResources =
    std::function<std::vector<Json>(const std::string& type, const std::string& scope)>;

// Evaluates `def` on `resource` (ARM JSON with "children"). NotApplicable when the resource's
// type is not one the rule targets. A Microsoft.KeyVault.Data definition evaluated on a vault
// judges the vault's data-plane objects (see key_vault_data.h). Throws Unsupported /
// PolicyError.
PolicyVerdict evaluateDefinition(const PolicyDefinition& def, const Json& parameters,
                                 const Json& resource, const RelatedResources& related = nullptr,
                                 const AliasTable& aliases = AliasTable::builtin());

// The resource types a rule targets (from its `field: type` conditions), empty when it
// targets every type. A Microsoft.KeyVault.Data definition targets the vault first, where its
// verdicts are reported.
std::vector<std::string> targetTypes(const PolicyDefinition& def, const Json& parameters);

}  // namespace bulwark::policy
