#include "suppress/suppression_rule.h"

#include <stdexcept>

#include "scope/resource_id.h"

namespace bulwark::suppress {

bool SuppressionRule::matches(const detect::Alert& a) const {
  bool ruleMatches = false;
  if (!rulePattern.empty() && rulePattern.back() == '*')
    ruleMatches = a.ruleId.rfind(rulePattern.substr(0, rulePattern.size() - 1), 0) == 0;
  else
    ruleMatches = a.ruleId == rulePattern;
  if (!ruleMatches) return false;
  if (entityType.empty()) return true;
  if (entityType == "resource") return equalsIgnoreCase(a.resourceId, entityValue);
  for (const auto& [type, value] : a.entities) {
    if (equalsIgnoreCase(type, entityType) && equalsIgnoreCase(value, entityValue)) return true;
  }
  return false;
}

std::string SuppressionRule::label() const {
  return "#" + std::to_string(id) + ": " + reason;
}

void validate(const SuppressionRule& r) {
  if (r.rulePattern.empty()) throw std::invalid_argument("a suppression needs a rule id");
  if (r.rulePattern.find('*') < r.rulePattern.size() - 1)
    throw std::invalid_argument("rule pattern '" + r.rulePattern +
                                "': '*' may only end the pattern");
  if (r.reason.empty()) throw std::invalid_argument("a suppression needs a reason");
  if (!r.entityType.empty() && r.entityValue.empty())
    throw std::invalid_argument("entity '" + r.entityType + "' needs a value (TYPE=VALUE)");
}

size_t applySuppressions(std::vector<detect::Alert>& alerts,
                         const std::vector<SuppressionRule>& rules, int64_t nowNs) {
  size_t count = 0;
  for (auto& a : alerts) {
    for (const auto& r : rules) {
      if (!r.activeAt(nowNs) || !r.matches(a)) continue;
      a.suppressedBy = r.label();
      a.status = "suppressed";
      ++count;
      break;
    }
  }
  return count;
}

}  // namespace bulwark::suppress
