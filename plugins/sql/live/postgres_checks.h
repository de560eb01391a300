// The live PostgreSQL checks (Defender's SQL vulnerability assessment for a server you run),
// judged on properties.bulwarkPostgres of the live-postgres collector's resources.
#pragma once

#include <bulwark/plugin.hpp>

#include <vector>

namespace bulwark::sql::live {

std::vector<sdk::AssessmentDef> postgresChecks();

}  // namespace bulwark::sql::live
