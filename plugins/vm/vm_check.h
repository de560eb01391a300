// Shared pieces of the Azure compute checks (vm_*_checks.cc).
#pragma once

#include <bulwark/plugin.hpp>

#include <string>
#include <vector>

#include "vm_extensions.h"

namespace bulwark::vm {

using sdk::Json;

inline constexpr const char* kCisAzure = "CIS Microsoft Azure Foundations Benchmark v3.0.0";

// "Linux", "Windows" or "" when the document (VM or scale set) does not say.
std::string osType(const Json& vm);
Json extensionNames(const std::vector<Extension>& exts);
sdk::AssessmentDef base(const char* id, const char* title, const char* type, sdk::Severity severity,
                        const char* control);

// Network exposure: management ports, NSG coverage, IP forwarding.
std::vector<sdk::AssessmentDef> vmNetworkChecks();
// Inside the machine: encryption, endpoint protection, SSH keys, Trusted Launch, guest
// configuration, backup, update assessment.
std::vector<sdk::AssessmentDef> vmMachineChecks();
// Managed disks: public network access, customer-managed keys.
std::vector<sdk::AssessmentDef> vmDiskChecks();

}  // namespace bulwark::vm
