// The vm plugin: Defender for Servers posture for Azure VMs, scale sets, disks, Arc machines
// and, when enabled, the Linux host Bulwark runs on.
#include <bulwark/plugin.hpp>

#include "encoded_shell_detector.h"
#include "host_assessments.h"
#include "host_collector.h"
#include "machine_vulnerabilities.h"
#include "vm_assessments.h"
#include "vm_collector.h"
#include "wtmp_source.h"

namespace bulwark::vm {
extern const char kSsh[];     // rules/ssh.yaml, embedded by CMake
extern const char kLinux[];   // rules/linux.yaml
extern const char kLogins[];  // rules/logins.yaml
}  // namespace bulwark::vm

namespace {

bulwark::sdk::PluginDef makeVmPlugin() {
  using namespace bulwark;
  sdk::PluginDef def;
  def.id = "vm";
  def.version = "0.1.0";
  def.description =
      "Servers: Azure VMs, scale sets, disks, NSGs and Arc machines from the ARM "
      "snapshot, and the local Linux host (opt-in)";
  def.collectors.push_back(
      {"arm-compute",
       "VMs with their NICs, NSGs, public IPs, subnets and backup items attached under "
       "\"bulwark\"; scale sets, disks, NICs, NSGs, public IPs and Arc machines",
       {vm::kVirtualMachineType, vm::kScaleSetType, vm::kDiskType, vm::kNicType, vm::kNsgType,
        vm::kPublicIpType, vm::kArcMachineType},
       vm::collectCompute});
  def.collectors.push_back({"local-host",
                            "This Linux machine as a Microsoft.HybridCompute/machines resource "
                            "(settings: collect_host, host_root, host_scope)",
                            {vm::kArcMachineType},
                            vm::collectHost});
  def.assessments = vm::computeAssessments();
  for (auto& a : vm::hostAssessments())
    def.assessments.push_back(std::move(a));
  def.assessments.push_back(vm::machineVulnerabilitiesAssessment());
  def.ruleSets.push_back({"ssh",
                          "SSH and PAM authentication: brute force, user enumeration, root logins",
                          vm::kSsh,
                          nullptr,
                          {}});
  def.ruleSets.push_back({"linux",
                          "Linux threat detection (auth.log, syslog, journald, auditd)",
                          vm::kLinux,
                          nullptr,
                          {}});
  def.ruleSets.push_back({"linux-logins",
                          "Linux login records (the wtmp and btmp sources)",
                          vm::kLogins,
                          nullptr,
                          {}});
  def.ruleSets.push_back({"linux-native",
                          "Reverse shells hidden in base64 in command lines (native detector)", "",
                          vm::detectEncodedShells, vm::encodedShellRules()});
  def.eventSources.push_back(
      {vm::kWtmpSource, "utmp(5) login records: logins, logouts, boots (/var/log/wtmp)",
       [](const std::string& path, sdk::ReadPosition& at, sdk::EventSink& sink,
          const sdk::Context&) { vm::readUtmpFile(path, false, at, sink); }});
  def.eventSources.push_back(
      {vm::kBtmpSource, "utmp(5) failed login records (/var/log/btmp)",
       [](const std::string& path, sdk::ReadPosition& at, sdk::EventSink& sink,
          const sdk::Context&) { vm::readUtmpFile(path, true, at, sink); }});
  def.validateSettings = vm::validateSettings;
  return def;
}

}  // namespace

BULWARK_PLUGIN(makeVmPlugin)
