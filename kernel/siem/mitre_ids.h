// MITRE ATT&CK enterprise tactic ids (TA00xx) by tactic name, for outputs that carry both.
#pragma once

#include <string>

namespace bulwark::siem {

// "TA0006" for "Credential Access"; "" for a name that is not an enterprise tactic.
std::string mitreTacticId(const std::string& tacticName);

}  // namespace bulwark::siem
