// Managed disk checks.
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

AssessmentDef diskPublicAccess() {
  AssessmentDef a =
      base("vm.disk-public-network-access", "Managed disks should disable public network access",
           kDiskType, Severity::Medium, "Restrict unauthorized network access");
  a.description =
      "Disks that allow export/import from any network can be downloaded with a SAS "
      "URL from anywhere.";
  a.remediation =
      "Disable public network access and set the network access policy to DenyAll "
      "(or AllowPrivate through a disk access resource).";
  a.policyDefinitionId = "8405fdab-1faf-48aa-b702-999c9c172094";
  a.quickFix =
      "az disk update --ids {id} --public-network-access Disabled "
      "--network-access-policy DenyAll";
  a.compliance = {{kCisAzure, "8.5"}};
  a.check = [](const Resource& r, const sdk::Context&) {
    std::string pna = sdk::textAt(r.json(), "properties.publicNetworkAccess");
    std::string policy = sdk::textAt(r.json(), "properties.networkAccessPolicy");
    Json evidence = {{"publicNetworkAccess", pna}, {"networkAccessPolicy", policy}};
    // The built-in policy accepts publicNetworkAccess Disabled, or a policy that is not
    // AllowAll; both absent means the service default AllowAll.
    if (sdk::iequals(pna, "Disabled") || sdk::iequals(policy, "DenyAll") ||
        sdk::iequals(policy, "AllowPrivate"))
      return Verdict::healthy("public network access is disabled", evidence);
    return Verdict::unhealthy("the disk can be exported from any network", evidence);
  };
  return a;
}

AssessmentDef diskCmk() {
  AssessmentDef a = base("vm.disk-customer-managed-key",
                         "OS and data disks should be encrypted with a customer-managed key",
                         kDiskType, Severity::Low, "Enable encryption at rest");
  a.description = "Customer-managed keys give control over the key lifecycle of disk encryption.";
  a.remediation = "Encrypt the disk with a disk encryption set holding a customer-managed key.";
  a.policyDefinitionId = "702dd420-7fcc-42c5-afe8-4026edd20fe0";
  a.quickFix =
      "az disk update --ids {id} --encryption-type EncryptionAtRestWithCustomerKey "
      "--disk-encryption-set <disk encryption set id>";
  a.compliance = {{kCisAzure, "8.3"}};
  a.check = [](const Resource& r, const sdk::Context&) {
    std::string type = sdk::textAt(r.json(), "properties.encryption.type");
    if (sdk::lower(type).find("customerkey") != std::string::npos)
      return Verdict::healthy("encryption type is " + type);
    return Verdict::unhealthy("encryption type is " + (type.empty() ? "not set" : type),
                              {{"encryptionType", type}});
  };
  return a;
}

}  // namespace

std::vector<sdk::AssessmentDef> vmDiskChecks() {
  return {diskPublicAccess(), diskCmk()};
}

}  // namespace bulwark::vm
