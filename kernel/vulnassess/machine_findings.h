// "Machines should have vulnerability findings resolved" (Defender for Servers' assessment,
// control Remediate vulnerabilities): the installed packages the vm plugin inventories on a
// machine (properties.bulwarkHost.packages, with the OS from os-release) matched against the
// vulnerability database, distro packages only against their own distro release. A machine
// without a package inventory is NotApplicable.
#pragma once

#include <memory>

#include "scan/scan_runner.h"

namespace bulwark::vuln {
class VulnDb;
}

namespace bulwark::vulnassess {

inline constexpr const char* kMachineAssessmentId = "vm.machine-vulnerabilities";

KernelAssessment machineFindings(std::shared_ptr<const vuln::VulnDb> db);

}  // namespace bulwark::vulnassess
