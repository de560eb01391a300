#include "policy/declarative_assessment.h"

#include "policy/key_vault_data.h"
#include "policy/policy_error.h"
#include "policy/value_compare.h"
#include "scope/resource_id.h"

namespace bulwark::policy {
namespace {

bool readFromDataPlaneOnly(const Json& resource) {
  auto marker = resource.find("dataPlane");
  if (marker == resource.end() || !marker->is_object()) return false;
  auto arm = marker->find("armDocument");
  return arm != marker->end() && arm->is_boolean() && !arm->get<bool>();
}

}  // namespace

DeclarativeAssessment::DeclarativeAssessment(AssessmentInfo info, const Json& pluginSettings)
    : info_(std::move(info)), definition_(parseDefinition(info_.policy, info_.id)) {
  for (auto it = info_.defaultParameters.begin(); it != info_.defaultParameters.end(); ++it) {
    if (definition_.parameters.contains(it.key())) baseValues_[it.key()] = it.value();
  }
  if (pluginSettings.is_object()) {
    for (auto it = definition_.parameters.begin(); it != definition_.parameters.end(); ++it) {
      for (auto s = pluginSettings.begin(); s != pluginSettings.end(); ++s) {
        if (equalsIgnoreCase(s.key(), it.key())) baseValues_[it.key()] = s.value();
      }
    }
  }
  try {
    Json parameters = effectiveParameters(definition_, baseValues_);
    if (auto feature = unsupportedFeature(definition_, parameters)) {
      unsupported_ = "unsupported: " + *feature;
    }
    targetTypes_ = targetTypes(definition_, parameters);
  } catch (const std::exception& e) {
    unsupported_ = std::string("cannot evaluate: ") + e.what();
  }
}

bool DeclarativeAssessment::targets(const std::string& type) const {
  if (targetTypes_.empty()) return true;
  for (const auto& t : targetTypes_) {
    if (t.find('*') != std::string::npos ? likeMatch(type, t) : equalsIgnoreCase(type, t)) {
      return true;
    }
  }
  return false;
}

std::optional<AssessOutcome> DeclarativeAssessment::evaluate(
    const Json& resource, const Json& parameterOverrides, const RelatedResources& related) const {
  AssessOutcome out;
  if (unsupported_) {
    out.reason = *unsupported_;
    return out;
  }
  try {
    Json values = baseValues_;
    if (parameterOverrides.is_object()) {
      for (auto it = parameterOverrides.begin(); it != parameterOverrides.end(); ++it) {
        values[it.key()] = it.value();
      }
    }
    PolicyVerdict v = evaluateDefinition(definition_, effectiveParameters(definition_, values),
                                         resource, related);
    if (v.compliance == Compliance::NotApplicable || v.compliance == Compliance::Disabled)
      return std::nullopt;
    if (v.compliance == Compliance::NoData) {
      out.state = AssessmentState::NotApplicable;
      out.reason = v.reason;
      out.evidence = v.evidence;
      return out;
    }
    // Key Vault data definitions test the vault's data-plane objects, not its ARM properties.
    if (readFromDataPlaneOnly(resource) && !isKeyVaultDataMode(definition_.mode)) {
      out.state = AssessmentState::NotApplicable;
      out.reason =
          "this document was read from the service's data plane only (dataPlane.armDocument "
          "false), without the ARM properties the policy tests; add the resource's ARM document "
          "to the inventory to assess it";
      return out;
    }
    out.state = v.compliance == Compliance::Compliant ? AssessmentState::Healthy
                                                      : AssessmentState::Unhealthy;
    out.reason = v.reason;
    out.evidence = v.evidence;
  } catch (const Unsupported& u) {
    out.reason = u.what();
  } catch (const std::exception& e) {
    out.reason = std::string("policy evaluation failed: ") + e.what();
  }
  return out;
}

}  // namespace bulwark::policy
