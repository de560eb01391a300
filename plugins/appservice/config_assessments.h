// Settings of config/web that no current built-in covers: the SCM (Kudu) site's minimum TLS
// version and the app's HTTP logging.
#pragma once

#include <bulwark/plugin.hpp>

#include <vector>

namespace bulwark::appservice {

std::vector<sdk::AssessmentDef> configAssessments();

}  // namespace bulwark::appservice
