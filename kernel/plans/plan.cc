#include "plans/plan.h"

#include "scope/resource_id.h"
#include "util/time.h"

namespace bulwark::plans {
namespace {

std::string trimmed(const std::string& scope) {
  std::string s = scope;
  while (!s.empty() && s.back() == '/')
    s.pop_back();
  return s;
}

size_t depth(const std::string& scope) {
  std::string s = trimmed(scope);
  size_t n = 0;
  for (char c : s)
    n += c == '/' ? 1 : 0;
  return n;
}

}  // namespace

bool isPlan(const std::string& plan) {
  return plan == "free" || plan == "standard" || plan == "trial";
}

bool scopeContains(const std::string& scope, const std::string& target) {
  std::string s = trimmed(scope);
  std::string t = trimmed(target);
  if (s.empty()) return true;
  if (t.size() < s.size() || !equalsIgnoreCase(std::string_view(t).substr(0, s.size()), s))
    return false;
  return t.size() == s.size() || t[s.size()] == '/';
}

EffectivePlan resolvePlan(const std::vector<PlanRecord>& records, const std::string& plugin,
                          const std::string& scope, int64_t nowNs) {
  const PlanRecord* best = nullptr;
  for (const auto& r : records) {
    if (r.plugin != plugin || !scopeContains(r.scope, scope)) continue;
    if (best == nullptr || depth(r.scope) > depth(best->scope)) best = &r;
  }
  EffectivePlan out;
  if (best == nullptr) return out;
  out.plan = best->plan;
  out.scope = best->scope;
  if (best->plan == "standard") {
    out.threatDetection = true;
  } else if (best->plan == "trial") {
    out.trialEndsNs = best->trialStartNs.value_or(nowNs) + kTrialNs;
    out.trialExpired = nowNs >= out.trialEndsNs;
    out.threatDetection = !out.trialExpired;
  }
  return out;
}

std::string EffectivePlan::describe() const {
  if (plan.empty()) return "none";
  if (plan != "trial") return plan;
  std::string end = formatIso8601(trialEndsNs);
  return trialExpired ? "free (standard trial ended " + end + ")"
                      : "standard (trial until " + end + ")";
}

}  // namespace bulwark::plans
