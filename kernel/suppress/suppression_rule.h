// A suppression rule: alerts of a rule (an exact rule id, or a prefix ending in '*') that
// carry an entity (type and value, compared case-insensitively; no entity matches every
// alert of the rule) are suppressed until the rule expires. Suppressed alerts are still
// stored and shown, with status "suppressed" and the rule that matched.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "detect/alert.h"

namespace bulwark::suppress {

struct SuppressionRule {
  int64_t id = 0;
  std::string rulePattern;  // "ueba.new-ip", "ssh.*", "*"
  std::string entityType;   // "" for any entity
  std::string entityValue;
  std::string reason;
  std::optional<int64_t> expiresNs;  // Unix ns; none: until removed
  int64_t createdNs = 0;

  bool activeAt(int64_t nowNs) const { return !expiresNs || nowNs < *expiresNs; }
  bool matches(const detect::Alert& alert) const;
  // "#id: reason", what a suppressed alert records.
  std::string label() const;
};

// Throws std::invalid_argument naming the problem (empty pattern or reason, entity type
// without value, a '*' other than at the end).
void validate(const SuppressionRule& rule);

// Suppresses every alert that an active rule matches (`nowNs` is the clock, injectable for
// tests). Returns how many alerts were suppressed.
size_t applySuppressions(std::vector<detect::Alert>& alerts,
                         const std::vector<SuppressionRule>& rules, int64_t nowNs);

}  // namespace bulwark::suppress
