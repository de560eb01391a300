// Baselines of the live PostgreSQL assessment, as Defender's SQL vulnerability assessment keeps
// them: `bulwark sql baseline approve ID` records the server's current findings as accepted
// (in the plugin's state, key "baseline/<id>"). The live collector reads a server's baseline
// once and puts it in the resource (properties.bulwarkBaseline); the checks then report a
// finding that still reads the same as Healthy "matches the baseline", and one that is new or
// changed as Unhealthy "differs from the baseline", naming the baseline in the evidence.
#pragma once

#include <bulwark/plugin.hpp>

#include <map>
#include <optional>
#include <string>

namespace bulwark::sql::live {

struct Baseline {
  std::string approvedAt;
  std::map<std::string, std::string> accepted;  // check id -> the finding's text
};

// A stored baseline's text; throws std::runtime_error naming the server when it is not one.
Baseline parseBaseline(std::string_view text, const std::string& serverId);
sdk::Json baselineJson(const Baseline& baseline);

std::optional<Baseline> loadBaseline(const sdk::StateClient& state, const std::string& serverId);
void saveBaseline(const sdk::StateClient& state, const std::string& serverId,
                  const Baseline& baseline);
void clearBaseline(const sdk::StateClient& state, const std::string& serverId);

// The baseline the collector put in the server's document, if any.
std::optional<Baseline> baselineOf(const sdk::Resource& server);

// The verdict of `checkId` with the baseline applied.
sdk::Verdict applyBaseline(sdk::Verdict verdict, const std::string& checkId,
                           const std::optional<Baseline>& baseline);

}  // namespace bulwark::sql::live
