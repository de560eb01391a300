#include "detect/alert_format.h"

#include <iomanip>

#include "detect/alert_json_line.h"
#include "util/time.h"

namespace bulwark::detect {

using nlohmann::json;

nlohmann::json alertJson(const Alert& a) {
  json entities = json::array();
  for (const auto& [k, v] : a.entities)
    entities.push_back({{"type", k}, {"value", v}});
  json j = {{"rule", a.ruleId},
            {"title", a.title},
            {"severity", a.severity},
            {"status", a.status},
            {"mitre", {{"tactic", a.tactic}, {"technique", a.technique}}},
            {"firstSeen", formatIso8601(a.firstNs)},
            {"lastSeen", formatIso8601(a.lastNs)},
            {"eventCount", a.eventCount},
            {"entities", entities},
            {"evidence", a.evidence},
            {"description", a.description},
            {"remediation", a.remediation},
            {"fingerprint", a.fingerprint}};
  if (a.id != 0) j["id"] = a.id;
  if (!a.resourceId.empty()) j["resourceId"] = a.resourceId;
  if (!a.suppressedBy.empty()) j["suppressedBy"] = a.suppressedBy;
  return j;
}

namespace {

std::string entitySummary(const Alert& a) {
  std::string out;
  size_t shown = 0;
  for (const auto& [k, v] : a.entities) {
    if (shown == 3) {
      out += " +" + std::to_string(a.entities.size() - 3);
      break;
    }
    out += (out.empty() ? "" : " ") + k + "=" + v;
    ++shown;
  }
  return out;
}

}  // namespace

void writeAlertTable(const std::vector<Alert>& alerts, std::ostream& out) {
  if (alerts.empty()) {
    out << "No alerts.\n";
    return;
  }
  out << std::left << std::setw(6) << "ID" << std::setw(14) << "SEVERITY" << std::setw(10)
      << "STATUS" << std::setw(22) << "FIRST SEEN" << std::setw(7) << "EVENTS" << std::setw(38)
      << "RULE"
      << "ENTITIES\n";
  for (const auto& a : alerts) {
    out << std::left << std::setw(6) << (a.id != 0 ? std::to_string(a.id) : "-") << std::setw(14)
        << a.severity << std::setw(10) << a.status << std::setw(22) << formatIso8601(a.firstNs)
        << std::setw(7) << a.eventCount << std::setw(38) << a.ruleId << entitySummary(a) << "\n";
  }
  out << alerts.size() << " alert(s)\n";
}

void writeAlertDetail(const Alert& a, std::ostream& out) {
  out << "Alert " << (a.id != 0 ? "#" + std::to_string(a.id) + " " : "") << a.title << "\n"
      << "  rule:        " << a.ruleId << "\n"
      << "  severity:    " << a.severity << "   status: " << a.status << "\n"
      << "  MITRE:       " << a.tactic << " / " << a.technique << "\n"
      << "  seen:        " << formatIso8601(a.firstNs) << " .. " << formatIso8601(a.lastNs) << " ("
      << a.eventCount << " events)\n";
  if (!a.resourceId.empty()) out << "  resource:    " << a.resourceId << "\n";
  if (!a.suppressedBy.empty()) out << "  suppressed:  by " << a.suppressedBy << "\n";
  out << "  entities:\n";
  for (const auto& [k, v] : a.entities)
    out << "    " << k << " = " << v << "\n";
  if (!a.description.empty()) out << "  description: " << a.description << "\n";
  if (!a.remediation.empty()) out << "  remediation: " << a.remediation << "\n";
  out << "  evidence:\n";
  for (const auto& line : a.evidence)
    out << "    " << line << "\n";
}

bool isAlertFormat(const std::string& f) {
  return f == "table" || f == "json" || f == "jsonl";
}

void writeAlerts(const std::vector<Alert>& alerts, const std::string& format, std::ostream& out) {
  if (format == "json") {
    json all = json::array();
    for (const auto& a : alerts)
      all.push_back(alertJson(a));
    out << all.dump(2, ' ', false, json::error_handler_t::replace) << "\n";
  } else if (format == "jsonl") {
    std::string line;
    for (const auto& a : alerts) {
      line.clear();
      appendAlertJsonLine(a, line);
      out << line;
    }
  } else {
    writeAlertTable(alerts, out);
  }
}

}  // namespace bulwark::detect
