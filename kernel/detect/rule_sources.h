// Where `bulwark detect` gets its rules when the operator names none: the default pack shipped
// with bulwark. (The rule sets plugins ship come through kernel/plugin_detect.)
#pragma once

#include <string>

namespace bulwark::detect {

// The shipped rule pack: <binary>/../share/bulwark/rules when installed, else the source
// tree's config/rules beside the build folder. "" when neither exists.
std::string defaultRulePackDir(const std::string& executableDir);

}  // namespace bulwark::detect
