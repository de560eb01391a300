// Defender for Servers posture checks on Azure VMs, scale sets, managed disks and Arc
// machines, judged from ARM documents (VMs carry the "bulwark" attachments of vm_collector.h).
#pragma once

#include <bulwark/plugin.hpp>

#include <vector>

namespace bulwark::vm {

// The management ports Defender's "Management ports should be closed" looks at.
inline constexpr int kManagementPorts[] = {22, 3389, 5985, 5986};

std::vector<sdk::AssessmentDef> computeAssessments();

}  // namespace bulwark::vm
