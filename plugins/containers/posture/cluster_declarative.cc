#include "posture/cluster_declarative.h"

#include <bulwark/sdk/builtin_definition.hpp>
#include <bulwark/sdk/security_controls.hpp>

namespace bulwark::containers {

// policies/*.json, embedded by CMake.
extern const char kAcrAdminUser[];
extern const char kAcrAnonymousPull[];
extern const char kAcrCustomerManagedKey[];
extern const char kAcrNetworkRules[];
extern const char kAcrPrivateLink[];
extern const char kAcrPrivateLinkSku[];
extern const char kAcrExports[];
extern const char kAcrArmAudienceTokens[];
extern const char kAksRbac[];
extern const char kAksAuthorizedIpRanges[];
extern const char kAksVulnerableVersion[];
extern const char kAksEntraIntegration[];
extern const char kAksLocalAccounts[];
extern const char kAksPrivateCluster[];
extern const char kAksAzurePolicyAddon[];
extern const char kAksDefenderProfile[];
extern const char kAksAutoUpgrade[];
extern const char kAksNodeOsAutoUpgrade[];
extern const char kAksDiskCustomerManagedKey[];
extern const char kAksEncryptionAtHost[];
extern const char kAksResourceLogs[];
extern const char kAksCommandInvoke[];

namespace {

using sdk::Severity;

std::vector<sdk::BuiltinRecommendation> recommendations() {
  return {
      {"containers.acr-admin-user", kAcrAdminUser, Severity::High, sdk::controls::kManageAccess,
       "Disable the registry's admin user and give people and pipelines Entra identities with "
       "AcrPull / AcrPush roles.",
       "az acr update --ids {id} --admin-enabled false"},
      {"containers.acr-anonymous-pull", kAcrAnonymousPull, Severity::High,
       sdk::controls::kManageAccess, "Disable anonymous pull so every pull is authenticated.",
       "az acr update --ids {id} --anonymous-pull-enabled false"},
      {"containers.acr-customer-managed-key", kAcrCustomerManagedKey, Severity::Low,
       sdk::controls::kEncryptAtRest,
       "Encrypt the registry with a key of your own in Key Vault (chosen when the registry is "
       "created: create a Premium registry with --key-encryption-key and import the images).",
       "az acr create --name <name> --resource-group <group> --sku Premium --identity <identity> "
       "--key-encryption-key <key uri>"},
      {"containers.acr-network-rules", kAcrNetworkRules, Severity::Medium,
       sdk::controls::kRestrictNetwork,
       "Deny access by default and allow only the networks and addresses that push and pull.",
       "az acr update --ids {id} --default-action Deny"},
      {"containers.acr-private-link", kAcrPrivateLink, Severity::Medium,
       sdk::controls::kRestrictNetwork,
       "Create a private endpoint for the registry in the virtual network its clients use.",
       "az network private-endpoint create --name <endpoint> --resource-group <group> "
       "--vnet-name <vnet> --subnet <subnet> --private-connection-resource-id {id} --group-id "
       "registry --connection-name <connection>"},
      {"containers.acr-private-link-sku", kAcrPrivateLinkSku, Severity::Medium,
       sdk::controls::kRestrictNetwork,
       "Move the registry to the Premium SKU, the only one that restricts networks and supports "
       "private endpoints.",
       "az acr update --ids {id} --sku Premium"},
      {"containers.acr-exports", kAcrExports, Severity::Medium, sdk::controls::kManageAccess,
       "Disable exports (Premium, with public network access disabled) so images cannot be "
       "copied out of the registry.",
       "az resource update --ids {id} --set properties.policies.exportPolicy.status=disabled "
       "properties.publicNetworkAccess=Disabled"},
      {"containers.acr-arm-audience-tokens", kAcrArmAudienceTokens, Severity::Low,
       sdk::controls::kManageAccess,
       "Accept only tokens for the registry's own audience: disable ARM audience tokens.",
       "az acr config authentication-as-arm update --registry <name> --status disabled"},
      {"containers.aks-rbac", kAksRbac, Severity::High, sdk::controls::kManageAccess,
       "Kubernetes RBAC is chosen when a cluster is created: create a new cluster with RBAC on "
       "and move the workloads to it.",
       "az aks create --resource-group <group> --name <name> --enable-aad --enable-azure-rbac"},
      {"containers.aks-authorized-ip-ranges", kAksAuthorizedIpRanges, Severity::High,
       sdk::controls::kRestrictNetwork,
       "Limit the API server to the address ranges of your administrators and pipelines, or "
       "make the cluster private.",
       "az aks update --ids {id} --api-server-authorized-ip-ranges <cidr>[,<cidr>...]"},
      {"containers.aks-vulnerable-version", kAksVulnerableVersion, Severity::High,
       sdk::controls::kRemediateVulnerabilities,
       "Upgrade the cluster off the Kubernetes versions with known API server vulnerabilities.",
       "az aks upgrade --ids {id} --kubernetes-version <supported version>"},
      {"containers.aks-entra-integration", kAksEntraIntegration, Severity::Medium,
       sdk::controls::kManageAccess,
       "Turn on the Microsoft Entra integration so users sign in with Entra identities.",
       "az aks update --ids {id} --enable-aad --aad-admin-group-object-ids <group id>"},
      {"containers.aks-local-accounts", kAksLocalAccounts, Severity::Medium,
       sdk::controls::kManageAccess,
       "Disable local accounts so only Entra identities reach the cluster.",
       "az aks update --ids {id} --disable-local-accounts"},
      {"containers.aks-private-cluster", kAksPrivateCluster, Severity::Medium,
       sdk::controls::kRestrictNetwork,
       "Make the API server private (on existing clusters, through API server VNet "
       "integration).",
       "az aks update --ids {id} --enable-apiserver-vnet-integration --enable-private-cluster"},
      {"containers.aks-azure-policy-addon", kAksAzurePolicyAddon, Severity::High,
       sdk::controls::kEnhancedFeatures,
       "Install the Azure Policy add-on so Kubernetes policies are enforced in the cluster.",
       "az aks enable-addons --ids {id} --addons azure-policy"},
      {"containers.aks-defender-profile", kAksDefenderProfile, Severity::High,
       sdk::controls::kEnhancedFeatures,
       "Enable the Defender profile (Defender sensor) for runtime threat protection.",
       "az aks update --ids {id} --enable-defender"},
      {"containers.aks-auto-upgrade", kAksAutoUpgrade, Severity::Low, sdk::controls::kBestPractices,
       "Choose a cluster auto-upgrade channel (patch or stable).",
       "az aks update --ids {id} --auto-upgrade-channel stable"},
      {"containers.aks-node-os-auto-upgrade", kAksNodeOsAutoUpgrade, Severity::Low,
       sdk::controls::kBestPractices,
       "Choose a node OS upgrade channel (NodeImage or SecurityPatch).",
       "az aks update --ids {id} --node-os-upgrade-channel NodeImage"},
      {"containers.aks-disk-customer-managed-key", kAksDiskCustomerManagedKey, Severity::Low,
       sdk::controls::kEncryptAtRest,
       "Encrypt the OS and data disks with a disk encryption set of your own key (chosen at "
       "creation of the cluster or node pool).",
       "az aks create --resource-group <group> --name <name> --node-osdisk-diskencryptionset-id "
       "<disk encryption set id>"},
      {"containers.aks-encryption-at-host", kAksEncryptionAtHost, Severity::Medium,
       sdk::controls::kEncryptAtRest,
       "Add node pools with encryption at host and move the workloads to them.",
       "az aks nodepool add --cluster-name <name> --resource-group <group> --name <pool> "
       "--enable-encryption-at-host"},
      {"containers.aks-resource-logs", kAksResourceLogs, Severity::Low, sdk::controls::kAuditing,
       "Send the cluster's resource logs (kube-audit, kube-audit-admin, guard) to Log Analytics "
       "or a storage account with a diagnostic setting.",
       "az monitor diagnostic-settings create --resource {id} --name bulwark --workspace "
       "<workspace resource id> --logs '[{\"category\": \"kube-audit-admin\", \"enabled\": "
       "true}]'"},
      {"containers.aks-command-invoke", kAksCommandInvoke, Severity::Low,
       sdk::controls::kManageAccess,
       "Disable command invoke (run command), which runs kubectl in the cluster from ARM.",
       "az aks update --ids {id} --disable-run-command"},
  };
}

}  // namespace

std::vector<sdk::AssessmentDef> registryAndClusterBuiltins() {
  return sdk::builtinAssessments(recommendations());
}

}  // namespace bulwark::containers
