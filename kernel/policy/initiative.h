// Importing an Azure Policy initiative (policySetDefinition JSON, e.g. Defender for Cloud's
// "Microsoft cloud security benchmark", AzureSecurityCenter.json): every member's
// policyDefinitionId is resolved to a definition file under a folder of built-in definitions
// (matched by the definition's `name`), the initiative's parameters (their defaults, overridden
// by the operator's values) are substituted into each member's parameter values, and each
// member is classified. Supported members become declarative assessments
// "initiative.<policyDefinitionReferenceId>" owned by the pseudo-plugin "initiative".
#pragma once

#include <map>
#include <string>
#include <vector>

#include "model/scan_record.h"
#include "policy/policy_definition.h"

namespace bulwark::policy {

inline constexpr const char* kInitiativePluginId = "initiative";

enum class MemberStatus {
  Supported,    // becomes an assessment
  Disabled,     // the effect resolves to Disabled with the initiative's parameter values
  Unsupported,  // the engine cannot evaluate it; `detail` is "unsupported: <feature>"
  NotFound,     // no definition file with that name; `detail` says so
  Invalid,      // the file or the parameter values are malformed; `detail` says how
};
const char* memberStatusName(MemberStatus s);  // supported, disabled, unsupported, ...

struct InitiativeMember {
  std::string referenceId;
  std::string definitionName;  // lower-case GUID, the last segment of policyDefinitionId
  std::string file;            // the resolved definition file, empty when not found
  MemberStatus status = MemberStatus::NotFound;
  std::string detail;
  std::string effect;                // lower-case, when resolved
  Json parameters = Json::object();  // the definition's parameter values after substitution
  std::vector<std::string> groups;
  Json definition;  // the definition document, when found
};

struct InitiativeImport {
  std::string file;
  std::string name;
  std::string displayName;
  std::vector<InitiativeMember> members;

  size_t count(MemberStatus s) const;
  // Unsupported members by feature ("unsupported: mode Microsoft.Kubernetes.Data" -> 12).
  std::map<std::string, size_t> unsupportedFeatures() const;
};

// Throws PolicyError naming the file and byte offset for unreadable or malformed initiative
// JSON, or a missing definitions folder. Problems of single members are recorded on them.
// `parameterValues` override the initiative's parameter defaults (case-insensitive names).
InitiativeImport importInitiative(const std::string& initiativeFile,
                                  const std::string& definitionsDir,
                                  const Json& parameterValues = Json::object());

// The assessment of a supported member; its `policy` is the definition document, and the
// member's parameter values are what the scan passes as settings.
AssessmentInfo initiativeAssessment(const InitiativeImport& initiative,
                                    const InitiativeMember& member);

}  // namespace bulwark::policy
