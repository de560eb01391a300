// `bulwark sql baseline approve|show|clear SERVER_ID`: the baselines of the live PostgreSQL
// assessment (baseline.h). approve connects to the server as the next scan would (the
// postgres_servers setting) and records its current findings.
#pragma once

#include <bulwark/plugin.hpp>

#include <string>
#include <vector>

namespace bulwark::sql::live {

int sqlCommand(const std::vector<std::string>& args, sdk::CommandIo& io, const sdk::Context& ctx);

}  // namespace bulwark::sql::live
