// Server firewalls open to every address: a rule from 0.0.0.0 to 255.255.255.255 lets the whole
// internet reach the server (High); 0.0.0.0 to 0.0.0.0 is the portal's "Allow Azure services",
// which admits every Azure tenant's resources, not only yours (Medium). Judged on the
// firewallRules children the inventory attached to SQL servers and PostgreSQL and MySQL
// flexible servers.
#pragma once

#include <bulwark/plugin.hpp>

#include <vector>

namespace bulwark::sql {

std::vector<sdk::AssessmentDef> firewallAssessments();

// The verdict on one server from its firewall rules (exposed for tests).
sdk::Verdict judgeFirewall(const sdk::Resource& server);

}  // namespace bulwark::sql
