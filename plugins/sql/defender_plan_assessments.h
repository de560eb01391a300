// "Defender for ... should be enabled" per database server, from the Defender plan of its
// subscription (bulwark.defenderPlans, attached by the arm-databases collector): SqlServers
// for Azure SQL servers, OpenSourceRelationalDatabases for PostgreSQL and MySQL flexible
// servers. Not applicable when the snapshot holds no pricings of the server's subscription.
#pragma once

#include <bulwark/plugin.hpp>

#include <vector>

namespace bulwark::sql {

std::vector<sdk::AssessmentDef> defenderPlanAssessments();

}  // namespace bulwark::sql
