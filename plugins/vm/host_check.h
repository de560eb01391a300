// Shared pieces of the host checks (host_*_checks.cc): the wrapper that finds the facts, and
// helpers several check groups use.
#pragma once

#include <bulwark/plugin.hpp>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace bulwark::vm {

using sdk::Json;
using HostCheck = std::function<sdk::Verdict(const Json& facts)>;

// An assessment of the local host: NotApplicable on documents without properties.bulwarkHost,
// otherwise `check` on the facts. `cis` are CIS Ubuntu 22.04 v2.0.0 recommendation ids.
sdk::AssessmentDef hostCheck(const char* id, const char* title, sdk::Severity severity,
                             std::vector<const char*> cis, const char* description,
                             const char* remediation, HostCheck check);

// An integer from a JSON number or a decimal string; nullopt otherwise.
std::optional<long> number(const Json* v);

// Owner root, group root (or the shadow group when allowed), and no mode bit beyond maxMode.
HostCheck permissions(std::string path, unsigned maxMode, bool allowShadowGroup);

std::vector<sdk::AssessmentDef> sshdChecks();
std::vector<sdk::AssessmentDef> accountChecks();
std::vector<sdk::AssessmentDef> kernelChecks();
std::vector<sdk::AssessmentDef> systemChecks();

}  // namespace bulwark::vm
