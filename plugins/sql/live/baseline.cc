#include "live/baseline.h"

#include <stdexcept>
#include <string_view>

namespace bulwark::sql::live {
namespace {

std::string key(const std::string& serverId) {
  return "baseline/" + sdk::lower(serverId);
}

}  // namespace

Baseline parseBaseline(std::string_view text, const std::string& serverId) {
  sdk::Json doc = sdk::Json::parse(text, nullptr, false);
  if (!doc.is_object() || !doc.contains("accepted") || !doc["accepted"].is_object() ||
      !doc.value("approvedAt", sdk::Json()).is_string())
    throw std::runtime_error("the stored baseline of " + serverId +
                             " is unreadable; approve it again (bulwark sql baseline approve)");
  Baseline b;
  b.approvedAt = doc["approvedAt"].get<std::string>();
  for (const auto& [check, finding] : doc["accepted"].items())
    if (finding.is_string()) b.accepted[check] = finding.get<std::string>();
  return b;
}

sdk::Json baselineJson(const Baseline& baseline) {
  return {{"approvedAt", baseline.approvedAt}, {"accepted", baseline.accepted}};
}

std::optional<Baseline> loadBaseline(const sdk::StateClient& state, const std::string& serverId) {
  if (!state.offered()) return std::nullopt;
  auto value = state.get(key(serverId));
  if (!value) return std::nullopt;
  return parseBaseline(*value, serverId);
}

void saveBaseline(const sdk::StateClient& state, const std::string& serverId,
                  const Baseline& baseline) {
  sdk::Json doc = baselineJson(baseline);
  doc["serverId"] = serverId;
  state.put(key(serverId), doc.dump());
}

std::optional<Baseline> baselineOf(const sdk::Resource& server) {
  const sdk::Json* doc = sdk::at(server.json(), "properties.bulwarkBaseline");
  if (doc == nullptr || doc->is_null()) return std::nullopt;
  return parseBaseline(doc->dump(), server.id());
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
