#include "live/baseline.h"

namespace bulwark::sql::live {
namespace {

std::string key(const std::string& serverId) {
  return "baseline/" + sdk::lower(serverId);
}

}  // namespace

std::optional<Baseline> loadBaseline(const sdk::StateClient& state, const std::string& serverId) {
  if (!state.offered()) return std::nullopt;
  auto value = state.get(key(serverId));
  if (!value) return std::nullopt;
  sdk::Json doc = sdk::Json::parse(*value, nullptr, false);
  if (!doc.is_object() || !doc.contains("accepted") || !doc["accepted"].is_object())
    throw std::runtime_error("the stored baseline of " + serverId +
                             " is unreadable; approve it again (bulwark sql baseline approve)");
  Baseline b;
  b.approvedAt = doc.value("approvedAt", "");
  for (const auto& [check, text] : doc["accepted"].items())
    if (text.is_string()) b.accepted[check] = text.get<std::string>();
  return b;
}

void saveBaseline(const sdk::StateClient& state, const std::string& serverId,
                  const Baseline& baseline) {
  sdk::Json doc = {
      {"serverId", serverId}, {"approvedAt", baseline.approvedAt}, {"accepted", baseline.accepted}};
  state.put(key(serverId), doc.dump());
}

void clearBaseline(const sdk::StateClient& state, const std::string& serverId) {
  state.erase(key(serverId));
}

sdk::Verdict applyBaseline(sdk::Verdict verdict, const std::string& checkId,
                           const std::optional<Baseline>& baseline) {
  if (!baseline || verdict.state == sdk::State::NotApplicable) return verdict;
  verdict.evidence["baseline"] = baseline->approvedAt;
  auto accepted = baseline->accepted.find(checkId);
  if (verdict.state == sdk::State::Unhealthy) {
    if (accepted != baseline->accepted.end() && accepted->second == verdict.reason) {
      verdict.state = sdk::State::Healthy;
      verdict.reason =
          "matches the baseline approved " + baseline->approvedAt + ": " + verdict.reason;
    } else {
      if (accepted != baseline->accepted.end())
        verdict.evidence["baselineFinding"] = accepted->second;
      verdict.reason =
          "differs from the baseline approved " + baseline->approvedAt + ": " + verdict.reason +
          (accepted != baseline->accepted.end() ? " (baseline: " + accepted->second + ")"
                                                : " (new)");
    }
  }
  return verdict;
}

}  // namespace bulwark::sql::live
