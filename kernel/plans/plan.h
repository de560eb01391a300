// Plans. Each plugin runs under a plan at a scope (an ARM scope prefix, "/" for everything):
//   free      posture assessments only: the plugin's threat detection rules do not run;
//   standard  threat detection and vulnerability scanning;
//   trial     standard for 30 days from its stored start, then free.
// The plan recorded at the deepest scope containing the asked scope wins.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace bulwark::plans {

inline constexpr int64_t kTrialNs = 30LL * 86400 * 1000000000;

struct PlanRecord {
  std::string plugin;
  std::string scope;  // "/" or an ARM id prefix
  std::string plan;   // free, standard, trial
  std::optional<int64_t> trialStartNs;
};

struct EffectivePlan {
  std::string plan;   // free, standard, trial, or "" when nothing is recorded
  std::string scope;  // the scope of the record that decided
  bool threatDetection = false;
  bool trialExpired = false;
  int64_t trialEndsNs = 0;  // trial only
  // For people: "standard (trial until 2026-12-29T...)", "free (trial ended ...)".
  std::string describe() const;
};

bool isPlan(const std::string& plan);
// True when `scope` is `target` or one of its ancestors ("/" contains everything); ARM ids
// compare case-insensitively, segment by segment.
bool scopeContains(const std::string& scope, const std::string& target);
EffectivePlan resolvePlan(const std::vector<PlanRecord>& records, const std::string& plugin,
                          const std::string& scope, int64_t nowNs);

}  // namespace bulwark::plans
