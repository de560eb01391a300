// "An Azure Active Directory administrator should be provisioned for SQL servers" (built-in
// 1f314764-cb73-4fc9-b863-8eca98ac36e9). The built-in asks Azure for the server's
// `administrators` child; an ARM snapshot often has only the server's GET, which carries the
// same administrator in properties.administrators. Both count, so a native check rather than
// the definition.
#pragma once

#include <bulwark/plugin.hpp>

namespace bulwark::sql {

sdk::AssessmentDef entraAdministratorAssessment();

// The verdict on one server (exposed for tests).
sdk::Verdict judgeEntraAdministrator(const sdk::Resource& server);

}  // namespace bulwark::sql
