// The vm plugin on the sample estate and the corpus VM examples, through a real scan.
#include <catch2/catch.hpp>

#include <map>

#include "scan/scan_runner.h"
#include "support/test_support.h"

using namespace bulwark;
using bulwark::test::TempDir;

namespace {

// state of (assessment, resource name) after scanning `inventory` with the vm plugin.
std::map<std::pair<std::string, std::string>, ResultRecord> scanWithVm(
    const std::vector<std::filesystem::path>& inventory) {
  TempDir dir;
  auto file = test::writeConfig(dir, {{"vm", ""}}, inventory);
  Config config = loadConfig(file.string());
  ScanOptions options;
  options.pluginDirs = {test::pluginDir().string()};
  ScanRecord s = runScan(config, options);
  std::map<std::pair<std::string, std::string>, ResultRecord> out;
  for (const auto& r : s.results) {
    std::string name = r.resourceId.substr(r.resourceId.rfind('/') + 1);
    out[{r.assessmentId, name}] = r;
  }
  return out;
}

}  // namespace

TEST_CASE("sample estate: verdicts reasoned from the documents", "[vm][estate]") {
  auto r = scanWithVm({test::sourceDir() / "config" / "samples" / "estate"});
  auto state = [&](const char* a, const char* n) {
    auto it = r.find({a, n});
    REQUIRE(it != r.end());
    CHECK(it->second.state != AssessmentState::Error);
    return it->second.state;
  };
  using S = AssessmentState;
  // nsg-prod-mgmt (on nic-vm-prod-jump01): Allow-RDP-Internet 300 allows 3389 from Internet;
  // 22 matches only DenyAllInBound; WinRM is allowed from two office ranges only.
  CHECK(state("vm.management-ports-closed", "vm-prod-jump01") == S::Unhealthy);
  auto jump = r.at({"vm.management-ports-closed", "vm-prod-jump01"});
  REQUIRE(jump.evidence["open"].size() == 1);
  CHECK(jump.evidence["open"][0]["port"] == 3389);
  CHECK(jump.evidence["open"][0]["nicNsg"]["rule"] == "Allow-RDP-Internet");
  // nsg-dev-open: SSH 1000 allows 22 from *; RDP only from 198.51.100.16/28. Both dev VMs
  // sit behind it (vm-dev-win01 without public IP, but the rule still exposes it).
  CHECK(state("vm.management-ports-closed", "vm-dev-build01") == S::Unhealthy);
  auto build = r.at({"vm.management-ports-closed", "vm-dev-build01"});
  REQUIRE(build.evidence["open"].size() == 1);
  CHECK(build.evidence["open"][0]["port"] == 22);
  CHECK(build.evidence["open"][0]["nicNsg"]["rule"] == "SSH");
  CHECK(state("vm.management-ports-closed", "vm-dev-win01") == S::Unhealthy);
  // nsg-prod-web-locked: SSH only from the bastion subnet, then Deny-All-Inbound 4096.
  CHECK(state("vm.management-ports-closed", "vm-prod-web01") == S::Healthy);

  CHECK(state("vm.ip-forwarding", "vm-dev-build01") == S::Unhealthy);
  CHECK(state("vm.ip-forwarding", "vm-prod-web01") == S::Healthy);
  // Both public-IP VMs have an NSG on their NIC.
  CHECK(state("vm.internet-facing-nsg", "vm-prod-jump01") == S::Healthy);
  CHECK(state("vm.internet-facing-nsg", "vm-prod-web01") == S::NotApplicable);
  CHECK(state("vm.linux-ssh-keys", "vm-dev-build01") == S::Unhealthy);
  CHECK(state("vm.linux-ssh-keys", "vm-prod-web01") == S::Healthy);
  CHECK(state("vm.linux-ssh-keys", "vm-prod-jump01") == S::NotApplicable);
  CHECK(state("vm.linux-disk-encryption", "vm-prod-web01") == S::Healthy);  // encryptionAtHost
  CHECK(state("vm.linux-disk-encryption", "vm-dev-build01") == S::Unhealthy);
  CHECK(state("vm.windows-disk-encryption", "vm-prod-jump01") == S::Unhealthy);
  CHECK(state("vm.secure-boot", "vm-dev-win01") == S::Unhealthy);  // TrustedLaunch, false
  CHECK(state("vm.vtpm", "vm-dev-win01") == S::Healthy);
  CHECK(state("vm.trusted-launch", "vm-prod-jump01") == S::Unhealthy);  // Standard
  CHECK(state("vm.trusted-launch", "vm-prod-web01") == S::Healthy);
  // Extensions are child resources the kernel attached.
  CHECK(state("vm.endpoint-protection", "vm-prod-web01") == S::Healthy);     // MDE.Linux
  CHECK(state("vm.endpoint-protection", "vm-prod-jump01") == S::Healthy);    // IaaSAntimalware
  CHECK(state("vm.endpoint-protection", "vm-dev-build01") == S::Unhealthy);  // CustomScript only
  CHECK(state("vm.guest-configuration", "vm-prod-web01") == S::Healthy);
  CHECK(state("vm.guest-configuration", "vm-prod-jump01") == S::Unhealthy);
  CHECK(state("vm.guest-configuration-identity", "vm-prod-web01") == S::Healthy);
  CHECK(state("vm.guest-configuration-identity", "vm-dev-win01") == S::Unhealthy);  // user-assigned
  CHECK(state("vm.periodic-update-assessment", "vm-prod-jump01") == S::Unhealthy);
  CHECK(state("vm.disk-public-network-access", "disk-dev-restore-test") == S::Unhealthy);
  CHECK(state("vm.disk-public-network-access", "vm-prod-web01-data-0") == S::Healthy);
  CHECK(state("vm.disk-customer-managed-key", "vm-prod-web01-data-0") == S::Healthy);
  CHECK(state("vm.disk-customer-managed-key",
              "vm-prod-jump01_OsDisk_1_c2a5bf6133914b54979beb43bffeb598") == S::Unhealthy);
  // The host collector is off by default: no host resource, no host verdicts.
  for (const auto& [key, result] : r)
    CHECK(key.first.rfind("host.", 0) != 0);
}

TEST_CASE("corpus VM examples: verdicts reasoned from the documents", "[vm][corpus]") {
  auto corpus = test::corpusDir();
  if (corpus.empty()) {
    BULWARK_SKIP("../shared/corpus is absent; skipping the VM corpus verdicts");
    return;
  }
  auto r =
      scanWithVm({corpus / "arm-examples" / "Microsoft.Compute__VirtualMachine_Get.json",
                  corpus / "arm-examples" / "Microsoft.Network__NetworkSecurityGroupGet.json"});
  // VirtualMachine_Get: Windows Server 2016, securityType Standard, no encryptionAtHost, only a
  // CustomScriptExtension in "resources", automatic updates off.
  auto find = [&](const char* a) {
    auto it = r.find({a, "myVM"});
    REQUIRE(it != r.end());
    return it->second.state;
  };
  CHECK(find("vm.windows-disk-encryption") == AssessmentState::Unhealthy);
  CHECK(find("vm.linux-disk-encryption") == AssessmentState::NotApplicable);
  CHECK(find("vm.endpoint-protection") == AssessmentState::Unhealthy);
  CHECK(find("vm.trusted-launch") == AssessmentState::Unhealthy);
  // Its NIC is not in the snapshot: the port check cannot see the network.
  CHECK(find("vm.management-ports-closed") == AssessmentState::NotApplicable);
}

TEST_CASE("corpus Linux VM examples: SSH keys versus passwords", "[vm][corpus]") {
  auto corpus = test::corpusDir();
  if (corpus.empty()) {
    BULWARK_SKIP("../shared/corpus is absent; skipping the Linux VM examples");
    return;
  }
  // Both examples share the id .../virtualMachines/myVM, so each is scanned on its own.
  // WithSshAuthentication sets disablePasswordAuthentication: true on an Ubuntu 16.04 VM.
  auto keys = scanWithVm({corpus / "arm-examples" /
                          "Microsoft.Compute__VirtualMachine_Create_WithSshAuthentication.json"});
  REQUIRE(keys.count({"vm.linux-ssh-keys", "myVM"}) == 1);
  CHECK(keys.at({"vm.linux-ssh-keys", "myVM"}).state == AssessmentState::Healthy);
  CHECK(keys.at({"vm.windows-disk-encryption", "myVM"}).state == AssessmentState::NotApplicable);
  // WithDiskEncryptionSetResource: disablePasswordAuthentication false; disks use a disk
  // encryption set, but neither encryptionAtHost nor ADE is on.
  auto des =
      scanWithVm({corpus / "arm-examples" /
                  "Microsoft.Compute__VirtualMachine_Create_WithDiskEncryptionSetResource.json"});
  REQUIRE(des.count({"vm.linux-ssh-keys", "myVM"}) == 1);
  CHECK(des.at({"vm.linux-ssh-keys", "myVM"}).state == AssessmentState::Unhealthy);
  CHECK(des.at({"vm.linux-disk-encryption", "myVM"}).state == AssessmentState::Unhealthy);
}
