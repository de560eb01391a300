// Where `bulwark detect` gets its rules when the operator names none: a site pack the operator
// put beside the binary. Bulwark ships none (the web rules moved to the appservice plugin); the
// rule sets plugins ship come through kernel/plugin_detect.
#pragma once

#include <string>

namespace bulwark::detect {

// The site pack: <binary>/../share/bulwark/rules, else config/rules beside the build folder.
// "" when neither exists (the usual case).
std::string defaultRulePackDir(const std::string& executableDir);

}  // namespace bulwark::detect
