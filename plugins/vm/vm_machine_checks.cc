// Checks inside Azure VMs, scale sets and Arc machines.
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

AssessmentDef diskEncryption(bool linux) {
  AssessmentDef a =
      linux ? base("vm.linux-disk-encryption",
                   "Linux virtual machines should enable Azure Disk Encryption or EncryptionAtHost",
                   kVirtualMachineType, Severity::High, "Enable encryption at rest")
            : base("vm.windows-disk-encryption",
                   "Windows virtual machines should enable Azure Disk Encryption or "
                   "EncryptionAtHost",
                   kVirtualMachineType, Severity::High, "Enable encryption at rest");
  a.description =
      "Server-side encryption of managed disks does not cover temp disks, caches or the data "
      "flowing between compute and storage. Encryption at host or Azure Disk Encryption does.";
  a.remediation = "Enable encryption at host (deallocate the VM first) or Azure Disk Encryption.";
  a.policyDefinitionId =
      linux ? "ca88aadc-6e2b-416c-9de2-5a0f01d1693f" : "3dc5edcd-002d-444c-b216-e123bbfa37c0";
  a.quickFix =
      "az vm deallocate --ids {id} && az vm update --ids {id} --set "
      "securityProfile.encryptionAtHost=true && az vm start --ids {id}";
  std::string wanted = linux ? "Linux" : "Windows";
  a.check = [wanted](const Resource& r, const sdk::Context&) {
    std::string os = osType(r.json());
    if (os != wanted)
      return Verdict::notApplicable("not a " + wanted + " VM (osType '" + os + "')");
    bool atHost = sdk::asBool(sdk::at(r.json(), "properties.securityProfile.encryptionAtHost"))
                      .value_or(false);
    Json ade = Json::array();
    for (const Extension& e : extensionsOf(r.json())) {
      if (isDiskEncryption(e)) ade.push_back(e.name);
    }
    Json evidence = {{"encryptionAtHost", atHost}, {"diskEncryptionExtensions", ade}};
    if (atHost || !ade.empty())
      return Verdict::healthy(
          atHost ? "encryption at host is enabled" : "Azure Disk Encryption is installed",
          evidence);
    return Verdict::unhealthy("neither encryption at host nor Azure Disk Encryption", evidence);
  };
  return a;
}

AssessmentDef endpointProtection(const char* id, const char* title, const char* type,
                                 const char* policy) {
  AssessmentDef a = base(id, title, type, Severity::High, "Enable endpoint protection");
  a.description =
      "An endpoint protection / EDR agent (Defender for Endpoint, Microsoft Antimalware or a "
      "supported third party) detects and blocks malware on the machine.";
  a.remediation =
      "Enable Microsoft Defender for Servers (which deploys MDE.Linux/MDE.Windows) "
      "or install a supported endpoint protection extension.";
  a.policyDefinitionId = policy;
  a.check = [](const Resource& r, const sdk::Context&) {
    if (sdk::at(r.json(), "properties.bulwarkHost") != nullptr)
      return Verdict::notApplicable("the local host is judged by the host.* checks");
    auto exts = extensionsOf(r.json());
    for (const Extension& e : exts) {
      if (isEndpointProtection(e))
        return Verdict::healthy("endpoint protection extension " + e.type + " is installed",
                                {{"extensions", extensionNames(exts)}});
    }
    return Verdict::unhealthy("no endpoint protection extension",
                              {{"extensions", extensionNames(exts)}});
  };
  return a;
}

AssessmentDef sshKeys() {
  AssessmentDef a =
      base("vm.linux-ssh-keys", "Authentication to Linux machines should require SSH keys",
           kVirtualMachineType, Severity::Medium, "Remediate security configurations");
  a.description = "Password authentication over SSH can be brute-forced; SSH keys cannot.";
  a.remediation =
      "Recreate the VM with disablePasswordAuthentication=true, or set "
      "PasswordAuthentication no in sshd_config and keep keys only.";
  a.policyDefinitionId = "630c64f9-8b6b-4c64-b511-6544ceff6fd6";
  a.check = [](const Resource& r, const sdk::Context&) {
    if (osType(r.json()) != "Linux") return Verdict::notApplicable("not a Linux VM");
    auto disabled = sdk::asBool(
        sdk::at(r.json(), "properties.osProfile.linuxConfiguration.disablePasswordAuthentication"));
    if (!disabled.has_value())
      return Verdict::unhealthy("disablePasswordAuthentication is not set (passwords allowed)");
    return *disabled ? Verdict::healthy("password authentication is disabled")
                     : Verdict::unhealthy("disablePasswordAuthentication is false",
                                          {{"disablePasswordAuthentication", false}});
  };
  return a;
}

bool trustedLaunch(const Json& vm) {
  std::string t = sdk::textAt(vm, "properties.securityProfile.securityType");
  return sdk::iequals(t, "TrustedLaunch") || sdk::iequals(t, "ConfidentialVM");
}

AssessmentDef trustedLaunchEnabled() {
  AssessmentDef a = base("vm.trusted-launch", "Virtual machines should use Trusted Launch",
                         kVirtualMachineType, Severity::Low, "Enable enhanced security features");
  a.description =
      "Trusted Launch (secure boot and vTPM) protects against boot kits, rootkits and "
      "kernel-level malware. CIS Azure 8.11.";
  a.remediation = "Upgrade the VM to Trusted Launch (Gen2 image) and enable secure boot and vTPM.";
  a.quickFix =
      "az vm deallocate --ids {id} && az vm update --ids {id} --security-type "
      "TrustedLaunch --enable-secure-boot true --enable-vtpm true";
  a.compliance = {{kCisAzure, "8.11"}};
  a.check = [](const Resource& r, const sdk::Context&) {
    std::string t = sdk::textAt(r.json(), "properties.securityProfile.securityType");
    if (trustedLaunch(r.json())) return Verdict::healthy("securityType is " + t);
    return Verdict::unhealthy("securityType is " + (t.empty() ? std::string("not set") : t),
                              {{"securityType", t}});
  };
  return a;
}

AssessmentDef uefiSetting(const char* id, const char* title, const char* property,
                          const char* policy, bool windowsOnly) {
  AssessmentDef a =
      base(id, title, kVirtualMachineType, Severity::Low, "Enable enhanced security features");
  a.description = std::string("On Trusted Launch VMs, ") + property +
                  " guards the boot chain against tampering.";
  a.remediation = std::string("Set securityProfile.uefiSettings.") + property + " to true.";
  a.policyDefinitionId = policy;
  a.quickFix =
      std::string("az vm update --ids {id} --") +
      (std::string(property) == "secureBootEnabled" ? "enable-secure-boot" : "enable-vtpm") +
      " true";
  a.compliance = {{kCisAzure, "8.11"}};
  std::string path = std::string("properties.securityProfile.uefiSettings.") + property;
  std::string name = property;
  a.check = [path, name, windowsOnly](const Resource& r, const sdk::Context&) {
    if (windowsOnly && osType(r.json()) != "Windows")
      return Verdict::notApplicable("not a Windows VM");
    if (!trustedLaunch(r.json()))
      return Verdict::notApplicable("not a Trusted Launch VM (see vm.trusted-launch)");
    auto v = sdk::asBool(sdk::at(r.json(), path));
    if (v.value_or(false)) return Verdict::healthy(name + " is true");
    return Verdict::unhealthy(name + (v.has_value() ? " is false" : " is not set"),
                              {{name, v.has_value() ? Json(*v) : Json()}});
  };
  return a;
}

AssessmentDef guestConfiguration(const char* id, const char* type) {
  AssessmentDef a = base(id, "Guest Configuration extension should be installed on your machines",
                         type, Severity::Medium, "Implement security best practices");
  a.description =
      "The Guest Configuration extension lets Azure Policy audit settings inside the "
      "machine (the Linux/Windows security baselines).";
  a.remediation =
      "Install ConfigurationforLinux or ConfigurationforWindows "
      "(publisher Microsoft.GuestConfiguration).";
  a.policyDefinitionId = "ae89ebca-1c92-4898-ac2c-9f63decb045c";
  if (std::string(type) == kVirtualMachineType) {
    a.quickFix =
        "az vm extension set --ids {id} --publisher Microsoft.GuestConfiguration "
        "--name ConfigurationforLinux --enable-auto-upgrade true  # Windows: "
        "ConfigurationforWindows";
  }
  a.check = [](const Resource& r, const sdk::Context&) {
    if (sdk::at(r.json(), "properties.bulwarkHost") != nullptr)
      return Verdict::notApplicable("the local host is judged by the host.* checks");
    auto exts = extensionsOf(r.json());
    for (const Extension& e : exts) {
      if (isGuestConfiguration(e))
        return Verdict::healthy("guest configuration extension " + e.type + " is installed");
    }
    return Verdict::unhealthy("no guest configuration extension",
                              {{"extensions", extensionNames(exts)}});
  };
  return a;
}

AssessmentDef guestConfigurationIdentity() {
  AssessmentDef a =
      base("vm.guest-configuration-identity",
           "Virtual machines' Guest Configuration extension should be deployed "
           "with system-assigned managed identity",
           kVirtualMachineType, Severity::Medium, "Implement security best practices");
  a.description =
      "The Guest Configuration extension authenticates with the VM's system-assigned "
      "managed identity; without it the extension cannot report.";
  a.remediation = "Assign a system-assigned managed identity to the VM.";
  a.policyDefinitionId = "d26f7642-7545-4e18-9b75-8c9bbdee3a9a";
  a.quickFix = "az vm identity assign --ids {id}";
  a.check = [](const Resource& r, const sdk::Context&) {
    bool hasGc = false;
    for (const Extension& e : extensionsOf(r.json()))
      hasGc |= isGuestConfiguration(e);
    if (!hasGc) return Verdict::notApplicable("no guest configuration extension installed");
    std::string identity = sdk::textAt(r.json(), "identity.type");
    if (sdk::lower(identity).find("systemassigned") != std::string::npos)
      return Verdict::healthy("identity type is " + identity);
    return Verdict::unhealthy("no system-assigned managed identity", {{"identityType", identity}});
  };
  return a;
}

AssessmentDef backup() {
  AssessmentDef a = base("vm.backup", "Azure Backup should be enabled for virtual machines",
                         kVirtualMachineType, Severity::Low, "Implement security best practices");
  a.description = "Backups protect the VM's data from ransomware, deletion and corruption.";
  a.remediation = "Protect the VM in a Recovery Services vault.";
  a.policyDefinitionId = "013e242c-8828-4970-87b3-ab247555486d";
  a.quickFix =
      "az backup protection enable-for-vm --vm {id} --vault-name <vault> "
      "--resource-group <vault resource group> --policy-name DefaultPolicy";
  a.check = [](const Resource& r, const sdk::Context&) {
    const Json* items = sdk::at(r.json(), "bulwark.backupProtectedItems");
    if (items != nullptr && items->is_array() && !items->empty()) {
      return Verdict::healthy("protected by " + std::to_string(items->size()) + " backup item(s)",
                              {{"protectedItems", (*items)[0].value("id", std::string{})}});
    }
    return Verdict::unhealthy("no Recovery Services protected item names this VM as its source");
  };
  return a;
}

AssessmentDef updateAssessment() {
  AssessmentDef a = base("vm.periodic-update-assessment",
                         "Machines should be configured to periodically check for missing system "
                         "updates",
                         kVirtualMachineType, Severity::Medium, "Apply system updates");
  a.description = "Periodic assessment (every 24 hours) keeps the list of missing updates current.";
  a.remediation = "Set patchSettings.assessmentMode to AutomaticByPlatform.";
  a.policyDefinitionId = "bd876905-5b84-4f73-ab2d-2e7a7c4568d9";
  a.quickFix =
      "az vm update --ids {id} --set "
      "osProfile.linuxConfiguration.patchSettings.assessmentMode=AutomaticByPlatform  "
      "# Windows: osProfile.windowsConfiguration...";
  a.check = [](const Resource& r, const sdk::Context&) {
    std::string os = osType(r.json());
    std::string config = os == "Windows" ? "windowsConfiguration" : "linuxConfiguration";
    std::string mode =
        sdk::textAt(r.json(), "properties.osProfile." + config + ".patchSettings.assessmentMode");
    if (sdk::iequals(mode, "AutomaticByPlatform"))
      return Verdict::healthy("assessmentMode is AutomaticByPlatform");
    return Verdict::unhealthy("assessmentMode is " + (mode.empty() ? "not set" : mode),
                              {{"assessmentMode", mode}});
  };
  return a;
}

}  // namespace

std::vector<sdk::AssessmentDef> vmMachineChecks() {
  return {diskEncryption(true),
          diskEncryption(false),
          endpointProtection("vm.endpoint-protection",
                             "Install endpoint protection solution on virtual machines",
                             kVirtualMachineType, "af6cd1bd-1635-48cb-bde7-5b15693900b9"),
          endpointProtection("vm.scale-set-endpoint-protection",
                             "Endpoint protection solution should be installed on virtual machine "
                             "scale sets",
                             kScaleSetType, "26a828e1-e88f-464e-bbb3-c134a282b9de"),
          endpointProtection("vm.arc-endpoint-protection",
                             "Endpoint protection should be installed on your machines",
                             kArcMachineType, "1f7c564c-0a90-4d44-b7e1-9d456cffaee8"),
          sshKeys(),
          trustedLaunchEnabled(),
          uefiSetting("vm.secure-boot",
                      "Secure Boot should be enabled on supported Windows virtual machines",
                      "secureBootEnabled", "97566dd7-78ae-4997-8b36-1c7bfe0d8121", true),
          uefiSetting("vm.vtpm", "vTPM should be enabled on supported virtual machines",
                      "vTpmEnabled", "1c30f9cd-b84c-49cc-aa2c-9288447cc3b3", false),
          guestConfiguration("vm.guest-configuration", kVirtualMachineType),
          guestConfiguration("vm.arc-guest-configuration", kArcMachineType),
          guestConfigurationIdentity(),
          backup(),
          updateAssessment()};
}

}  // namespace bulwark::vm
