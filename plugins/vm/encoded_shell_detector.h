// The vm plugin's native detector: reverse shells hidden in base64 inside command lines
// (auditd EXECVE, sudo COMMAND=, any event with a "command" field).
#pragma once

#include <bulwark/plugin.hpp>

#include <vector>

namespace bulwark::vm {

inline constexpr char kEncodedShellRuleId[] = "vm.encoded-reverse-shell";

std::vector<sdk::NativeRuleDef> encodedShellRules();

// Looks at each event's "command" field (else its message, else its raw text) and raises
// kEncodedShellRuleId with the decoded command in the evidence.
void detectEncodedShells(const bw_event* events, size_t count, const sdk::Context& ctx);

}  // namespace bulwark::vm
