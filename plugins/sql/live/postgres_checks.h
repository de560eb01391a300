// The live PostgreSQL checks (Defender's SQL vulnerability assessment for a server you run),
// judged on properties.bulwarkPostgres of the live-postgres collector's resources.
#pragma once

#include <bulwark/plugin.hpp>

#include <string>
#include <utility>
#include <vector>

namespace bulwark::sql::live {

std::vector<sdk::AssessmentDef> postgresChecks();

// Every check's verdict on the facts of one server, before any baseline: check id -> verdict.
std::vector<std::pair<std::string, sdk::Verdict>> judgePostgres(const sdk::Json& facts);

}  // namespace bulwark::sql::live
