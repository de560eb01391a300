// Alerts as a table for people, JSON, or JSON Lines (one alert per line, for SIEMs).
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>
#include <vector>

#include "detect/alert.h"

namespace bulwark::detect {

nlohmann::json alertJson(const Alert& alert);
void writeAlertTable(const std::vector<Alert>& alerts, std::ostream& out);
void writeAlertDetail(const Alert& alert, std::ostream& out);
// "table", "json" or "jsonl"; false for anything else.
bool isAlertFormat(const std::string& format);
void writeAlerts(const std::vector<Alert>& alerts, const std::string& format, std::ostream& out);

}  // namespace bulwark::detect
