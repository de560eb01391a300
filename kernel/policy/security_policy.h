// The operator's security policy (YAML): which assessments apply where, with what effect and
// parameters (assignments at subscription or resource-group scope, the nearest winning), the
// operator's own Azure Policy definitions, and exemptions. Errors name file, line and column.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "config/config.h"
#include "scope/resource_id.h"

namespace bulwark::policy {

struct AssessmentOverride {
  std::string effect;  // lower-case; empty keeps the definition's own
  nlohmann::json parameters = nlohmann::json::object();
};

struct Assignment {
  ResourceId scope;
  std::map<std::string, AssessmentOverride> assessments;  // by assessment id
  SourcePosition position;
};

struct Exemption {
  ResourceId scope;
  std::string assessment;
  std::string category;  // waiver or mitigated
  std::string reason;
  std::string expires;  // ISO 8601 UTC ("2027-06-30T23:59:59Z"), empty for never
  SourcePosition position;
};

struct ExemptionMatch {
  const Exemption* active = nullptr;
  const Exemption* expired = nullptr;  // the nearest one that no longer applies
};

// An Azure Policy initiative imported as assessments (see policy/initiative.h).
struct InitiativeSource {
  std::string file;         // absolute policySetDefinition JSON
  std::string definitions;  // absolute folder of the definitions it references
  nlohmann::json parameters = nlohmann::json::object();  // overrides of its parameters
  SourcePosition position;
};

struct SecurityPolicy {
  std::vector<std::string> definitionPaths;  // absolute files or folders
  std::optional<InitiativeSource> initiative;
  std::vector<Assignment> assignments;
  std::vector<Exemption> exemptions;

  // The override of the nearest assignment (deepest scope containing `resource`) that names
  // `assessmentId`, or nullptr.
  const AssessmentOverride* overrideFor(const ResourceId& resource,
                                        const std::string& assessmentId) const;
  // `now` is an ISO 8601 UTC time.
  ExemptionMatch exemptionFor(const ResourceId& resource, const std::string& assessmentId,
                              const std::string& now) const;
};

// Throws ConfigError.
SecurityPolicy loadSecurityPolicy(const std::string& path);

}  // namespace bulwark::policy
