// Incidents as text (a timeline per incident) or JSON.
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>
#include <vector>

#include "detect/incidents.h"

namespace bulwark::detect {

nlohmann::json incidentsJson(const std::vector<Incident>& incidents);
void writeIncidentTimelines(const std::vector<Incident>& incidents, std::ostream& out);

}  // namespace bulwark::detect
