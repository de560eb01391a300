// A declarative assessment: an Azure Policy definition run by the kernel on collected
// resources. Parameter values come from the definition's defaults, then the owning plugin's
// settings of the same name, then the security policy's assignment for the resource.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/scan_record.h"
#include "policy/policy_definition.h"

namespace bulwark::policy {

class DeclarativeAssessment {
 public:
  // `info.policy` must hold a definition (checked by the manifest parser).
  DeclarativeAssessment(AssessmentInfo info, const Json& pluginSettings);

  const AssessmentInfo& info() const { return info_; }
  // Why the definition cannot be evaluated ("unsupported: <feature>"), if so.
  const std::optional<std::string>& unsupported() const { return unsupported_; }
  // Whether resources of `type` are what the definition targets.
  bool targets(const std::string& type) const;

  // nullopt when the resource is out of the definition's reach or the effect is Disabled.
  // NotApplicable, with the reason, for a document a collector read from a data-plane API
  // alone (a "dataPlane" member with "armDocument": false): Azure Policy tests ARM
  // properties, which such a document does not carry, so "not set" would be a false finding.
  std::optional<AssessOutcome> evaluate(const Json& resource, const Json& parameterOverrides,
                                        const RelatedResources& related) const;

 private:
  AssessmentInfo info_;
  PolicyDefinition definition_;
  Json baseValues_ = Json::object();
  std::vector<std::string> targetTypes_;
  std::optional<std::string> unsupported_;
};

}  // namespace bulwark::policy
