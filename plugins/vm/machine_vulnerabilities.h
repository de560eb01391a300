// "Machines should have vulnerability findings resolved" (Defender for Servers' assessment,
// control Remediate vulnerabilities): the packages the host collector inventories on a machine
// (properties.bulwarkHost.packages, with the OS from os-release) matched against the host's
// vulnerability database (SDK ABI 1.2), distro packages only against their own distro
// release. A machine without a package inventory, or a host without a database, is
// NotApplicable.
#pragma once

#include <bulwark/plugin.hpp>

#include <functional>
#include <vector>

namespace bulwark::vm {

inline constexpr const char* kMachineVulnerabilitiesId = "vm.machine-vulnerabilities";

sdk::AssessmentDef machineVulnerabilitiesAssessment();

// The verdict on one machine document, given the host's matcher.
sdk::Verdict machineVulnerabilities(
    const sdk::Resource& machine,
    const std::function<std::vector<sdk::VulnMatch>(const std::vector<sdk::PackageQuery>&)>& match);

}  // namespace bulwark::vm
