#include "detect/incident_format.h"

#include "util/time.h"

namespace bulwark::detect {

using nlohmann::json;

json incidentsJson(const std::vector<Incident>& incidents) {
  json out = json::array();
  for (size_t i = 0; i < incidents.size(); ++i) {
    const Incident& inc = incidents[i];
    json entities = json::array();
    for (const auto& [k, v] : inc.sharedEntities)
      entities.push_back({{"type", k}, {"value", v}});
    json timeline = json::array();
    for (const Alert* a : inc.timeline) {
      json entry = {
          {"time", formatIso8601(a->firstNs)}, {"rule", a->ruleId},   {"title", a->title},
          {"severity", a->severity},           {"tactic", a->tactic}, {"technique", a->technique}};
      if (a->id != 0) entry["alertId"] = a->id;
      timeline.push_back(entry);
    }
    out.push_back({{"incident", i + 1},
                   {"severity", inc.severity},
                   {"firstSeen", formatIso8601(inc.firstNs)},
                   {"lastSeen", formatIso8601(inc.lastNs)},
                   {"tactics", inc.tactics},
                   {"sharedEntities", entities},
                   {"timeline", timeline}});
  }
  return out;
}

void writeIncidentTimelines(const std::vector<Incident>& incidents, std::ostream& out) {
  if (incidents.empty()) {
    out << "No incidents.\n";
    return;
  }
  for (size_t i = 0; i < incidents.size(); ++i) {
    const Incident& inc = incidents[i];
    out << "Incident " << i + 1 << "  " << inc.severity << "  " << formatIso8601(inc.firstNs)
        << " .. " << formatIso8601(inc.lastNs) << "  " << inc.timeline.size() << " alert(s)\n";
    if (!inc.sharedEntities.empty()) {
      out << "  linked by:";
      size_t shown = 0;
      for (const auto& [k, v] : inc.sharedEntities) {
        if (shown++ == 6) {
          out << " +" << inc.sharedEntities.size() - 6;
          break;
        }
        out << " " << k << "=" << v;
      }
      out << "\n";
    }
    for (const Alert* a : inc.timeline) {
      out << "  " << formatIso8601(a->firstNs) << "  " << a->tactic << " / " << a->technique << "  "
          << a->ruleId << (a->id != 0 ? "  #" + std::to_string(a->id) : "") << "\n";
    }
  }
}

}  // namespace bulwark::detect
