// Azure VM network exposure, judged on the effective NSG rules.
#include "vm_check.h"

#include <string>

#include <bulwark/sdk/json.hpp>
#include "nsg_evaluation.h"
#include "vm_assessments.h"
#include "vm_collector.h"
#include "vm_extensions.h"

namespace bulwark::vm {

using sdk::AssessmentDef;
using sdk::Resource;
using sdk::Severity;
using sdk::Verdict;

namespace {

AssessmentDef managementPorts() {
  AssessmentDef a = base("vm.management-ports-closed",
                         "Management ports should be closed on your virtual machines",
                         kVirtualMachineType, Severity::High, "Secure management ports");
  a.description =
      "Open remote management ports (SSH 22, RDP 3389, WinRM 5985/5986) expose the VM to "
      "brute-force attacks from the Internet. Evaluated on the effective NSG rules: the "
      "subnet's and the NIC's NSG must both allow the traffic, first matching rule by priority.";
  a.remediation =
      "Remove or restrict the NSG rules that allow these ports from Internet/Any, or use "
      "just-in-time VM access or Azure Bastion.";
  a.policyDefinitionId = "22730e10-96f6-4aac-ad84-9383d35b5917";
  // No one-line fix: the evidence names the NSG and rule to change, which vary per VM.
  a.compliance = {{kCisAzure, "7.1"}, {kCisAzure, "7.2"}};
  a.check = [](const Resource& r, const sdk::Context&) {
    std::vector<std::string> missing;
    std::vector<NetworkPath> paths = networkPaths(r.json(), missing);
    if (paths.empty()) {
      return missing.empty()
                 ? Verdict::notApplicable("the VM has no network interface")
                 : Verdict::notApplicable("network interfaces not in the snapshot or scope: " +
                                          Json(missing).dump());
    }
    Json open = Json::array(), checked = Json::array();
    for (const NetworkPath& p : paths) {
      for (int port : kManagementPorts) {
        PortExposure e = exposure(p, port, "Tcp");
        (e.open ? open : checked).push_back(e.explanation);
      }
    }
    Json evidence = {{"open", open}};
    if (!missing.empty()) evidence["missingNetworkInterfaces"] = missing;
    if (open.empty())
      return Verdict::healthy("no management port is reachable from the Internet", evidence);
    std::string ports;
    for (const Json& o : open) {
      std::string port = std::to_string(o["port"].get<int>());
      if (ports.find(port) == std::string::npos) ports += (ports.empty() ? "" : ", ") + port;
    }
    return Verdict::unhealthy("management port(s) " + ports + " reachable from the Internet",
                              evidence);
  };
  return a;
}

AssessmentDef internetFacingNsg() {
  AssessmentDef a =
      base("vm.internet-facing-nsg",
           "Internet-facing virtual machines should be protected with network "
           "security groups",
           kVirtualMachineType, Severity::High, "Restrict unauthorized network access");
  a.description =
      "A VM with a public IP and no NSG on its NIC or subnet accepts any traffic the public IP "
      "lets through. Protect it with an NSG that allows only what it needs.";
  a.remediation = "Associate a network security group with the VM's NIC or its subnet.";
  a.policyDefinitionId = "f6de0be7-9a8a-4b8a-b349-43cf02d22f7c";
  a.quickFix =
      "az network nic update --ids $(az vm show --ids {id} --query "
      "'networkProfile.networkInterfaces[].id' -o tsv) --network-security-group <nsg id>";
  a.check = [](const Resource& r, const sdk::Context&) {
    std::vector<std::string> missing;
    bool internetFacing = false;
    Json unprotected = Json::array();
    for (const NetworkPath& p : networkPaths(r.json(), missing)) {
      if (!p.hasPublicIp) continue;
      internetFacing = true;
      bool subnetUnknown = !p.subnetKnown;
      if (p.nicNsgId.empty() && p.subnetNsgId.empty()) {
        unprotected.push_back({{"nic", p.nic},
                               {"ipConfiguration", p.ipConfiguration},
                               {"subnetKnown", !subnetUnknown}});
      }
    }
    if (!internetFacing) return Verdict::notApplicable("the VM has no public IP address");
    if (!unprotected.empty()) {
      return Verdict::unhealthy(
          "a NIC with a public IP has no NSG on the NIC nor (as far as the "
          "snapshot shows) on its subnet",
          {{"unprotected", unprotected}});
    }
    return Verdict::healthy("every Internet-facing NIC is behind an NSG");
  };
  return a;
}

AssessmentDef nonInternetFacingNsg() {
  AssessmentDef a =
      base("vm.non-internet-facing-nsg",
           "Non-internet-facing virtual machines should be protected with network "
           "security groups",
           kVirtualMachineType, Severity::Low, "Restrict unauthorized network access");
  a.description = "Even without a public IP, an NSG limits lateral movement inside the network.";
  a.remediation = "Associate a network security group with the VM's NIC or its subnet.";
  a.policyDefinitionId = "bb91dfba-c30d-4263-9add-9c2384e659a6";
  a.check = [](const Resource& r, const sdk::Context&) {
    std::vector<std::string> missing;
    auto paths = networkPaths(r.json(), missing);
    if (paths.empty()) return Verdict::notApplicable("no network interface in the snapshot");
    Json unprotected = Json::array();
    for (const NetworkPath& p : paths) {
      if (p.hasPublicIp)
        return Verdict::notApplicable("the VM is Internet-facing (see vm.internet-facing-nsg)");
      if (p.nicNsgId.empty() && p.subnetNsgId.empty())
        unprotected.push_back(p.nic + "/" + p.ipConfiguration);
    }
    return unprotected.empty()
               ? Verdict::healthy("every NIC is behind an NSG")
               : Verdict::unhealthy("NIC(s) without an NSG", {{"unprotected", unprotected}});
  };
  return a;
}

AssessmentDef ipForwarding() {
  AssessmentDef a =
      base("vm.ip-forwarding", "IP Forwarding on your virtual machine should be disabled",
           kVirtualMachineType, Severity::Medium, "Restrict unauthorized network access");
  a.description =
      "IP forwarding lets the NIC route traffic not addressed to it, which bypasses the "
      "network's routing and can hide traffic from NSGs. Enable it only on network appliances.";
  a.remediation = "Turn off IP forwarding on the VM's network interfaces.";
  a.policyDefinitionId = "bd352bd5-2853-4985-bf0d-73806b4a5744";
  a.quickFix =
      "az network nic update --ip-forwarding false --ids $(az vm show --ids {id} --query "
      "'networkProfile.networkInterfaces[].id' -o tsv)";
  a.check = [](const Resource& r, const sdk::Context&) {
    const Json* nics = sdk::at(r.json(), "bulwark.networkInterfaces");
    if (nics == nullptr || !nics->is_array() || nics->empty())
      return Verdict::notApplicable("no network interface of this VM is in the snapshot");
    Json forwarding = Json::array();
    for (const Json& nic : *nics) {
      if (sdk::asBool(sdk::at(nic, "properties.enableIPForwarding")).value_or(false))
        forwarding.push_back(sdk::textAt(nic, "name"));
    }
    return forwarding.empty() ? Verdict::healthy("IP forwarding is off on every NIC")
                              : Verdict::unhealthy("IP forwarding is enabled",
                                                   {{"networkInterfaces", forwarding}});
  };
  return a;
}

}  // namespace

std::vector<sdk::AssessmentDef> vmNetworkChecks() {
  return {managementPorts(), internetFacingNsg(), nonInternetFacingNsg(), ipForwarding()};
}

}  // namespace bulwark::vm
