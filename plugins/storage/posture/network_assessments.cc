#include "posture/posture_assessments.h"
#include "posture/posture_support.h"

namespace bulwark::storage::posture {
namespace {

using sdk::Json;
using sdk::Resource;
using sdk::Severity;
using sdk::Verdict;

size_t arraySize(const Json* v) {
  return v != nullptr && v->is_array() ? v->size() : 0;
}

sdk::AssessmentDef networkDefaultDeny() {
  auto a = makeAssessment("storage.network-default-deny",
                          "Storage accounts should restrict network access", Severity::Low,
                          "Restrict unauthorized network access",
                          "34c877ad-507e-4c82-993e-3452a6e0ad3c");
  a.description =
      "With the network default action Allow, the account accepts connections from any network "
      "that holds valid credentials. Set it to Deny and allow only the virtual networks and "
      "address ranges that need access.";
  a.remediation =
      "Networking blade: 'Enabled from selected virtual networks and IP addresses', or: az "
      "storage account update --ids <resource id> --default-action Deny (add network rules "
      "first so clients keep access)";
  a.quickFix = "az storage account update --ids {id} --default-action Deny";
  a.compliance = {{kCisStandard, "4.7"}};
  a.check = [](const Resource& r, const sdk::Context&) {
    if (managementPlaneUnknown(r)) return notVisibleOnDataPlane("networkAcls.defaultAction");
    auto action = sdk::asText(r.find("properties.networkAcls.defaultAction"));
    Json evidence = {{"defaultAction", action ? Json(*action) : Json()}};
    if (action && sdk::iequals(*action, "Deny"))
      return Verdict::healthy("network default action is Deny", evidence);
    return Verdict::unhealthy(action ? "network default action is " + *action
                                     : "networkAcls.defaultAction is not set (Allow)",
                              evidence);
  };
  return a;
}

sdk::AssessmentDef virtualNetworkRules() {
  auto a = makeAssessment("storage.virtual-network-rules",
                          "Storage accounts should restrict network access using virtual network "
                          "rules",
                          Severity::Medium, "Restrict unauthorized network access",
                          "2a1a9cdf-e04d-429a-8416-3bfb72a1b26f");
  a.description =
      "Virtual network rules tie access to subnets of your own networks instead of public "
      "address ranges. The built-in policy flags accounts whose default action is not Deny or "
      "that still carry IP rules.";
  a.remediation =
      "Add virtual network rules for the subnets that need access (az storage account "
      "network-rule add --ids <resource id> --subnet <subnet id>), remove IP rules, and set the "
      "default action to Deny.";
  a.compliance = {{kCisStandard, "4.7"}};
  a.check = [](const Resource& r, const sdk::Context&) {
    if (managementPlaneUnknown(r)) return notVisibleOnDataPlane("networkAcls");
    auto action = sdk::asText(r.find("properties.networkAcls.defaultAction"));
    size_t ipRules = arraySize(r.find("properties.networkAcls.ipRules"));
    size_t vnetRules = arraySize(r.find("properties.networkAcls.virtualNetworkRules"));
    Json evidence = {{"defaultAction", action ? Json(*action) : Json()},
                     {"ipRules", ipRules},
                     {"virtualNetworkRules", vnetRules}};
    if (!action || !sdk::iequals(*action, "Deny"))
      return Verdict::unhealthy("network default action is not Deny", evidence);
    if (ipRules > 0) {
      return Verdict::unhealthy(std::to_string(ipRules) + " IP rule(s) allow public addresses",
                                evidence);
    }
    return Verdict::healthy("default action Deny with " + std::to_string(vnetRules) +
                                " virtual network rule(s) and no IP rules",
                            evidence);
  };
  return a;
}

sdk::AssessmentDef trustedServices() {
  auto a = makeAssessment("storage.trusted-microsoft-services",
                          "Storage accounts should allow access from trusted Microsoft services",
                          Severity::Low, "Restrict unauthorized network access",
                          "c9d007d0-c057-4772-b18c-01e546713bcd");
  a.description =
      "Some Microsoft services (Azure Backup, Event Grid, Site Recovery, diagnostics) reach the "
      "account from networks that rules cannot name. The AzureServices bypass lets them in "
      "while the network stays closed to everyone else.";
  a.remediation =
      "Networking blade: tick 'Allow Azure services on the trusted services list', or: az "
      "storage account update --ids <resource id> --bypass AzureServices";
  a.quickFix = "az storage account update --ids {id} --bypass AzureServices";
  a.compliance = {{kCisStandard, "4.8"}};
  a.check = [](const Resource& r, const sdk::Context&) {
    if (managementPlaneUnknown(r)) return notVisibleOnDataPlane("networkAcls.bypass");
    auto bypass = sdk::asText(r.find("properties.networkAcls.bypass"));
    if (!bypass)
      return Verdict::healthy("networkAcls.bypass is not set (AzureServices by default)");
    Json evidence = {{"bypass", *bypass}};
    if (bypass->find("AzureServices") != std::string::npos)
      return Verdict::healthy("bypass includes AzureServices", evidence);
    return Verdict::unhealthy("bypass is '" + *bypass + "' (no AzureServices)", evidence);
  };
  return a;
}

sdk::AssessmentDef privateLink() {
  auto a = makeAssessment("storage.private-link",
                          "Storage account should use a private link "
                          "connection",
                          Severity::Medium, "Restrict unauthorized network access",
                          "6edd7eda-6dd8-40f7-810d-67160c639cd9");
  a.description =
      "A private endpoint gives the account an address inside your virtual network, so clients "
      "reach it over Private Link without crossing the public internet.";
  a.remediation =
      "Networking blade, 'Private endpoint connections': add a private endpoint for the blob "
      "sub-resource (az network private-endpoint create --group-id blob "
      "--private-connection-resource-id <resource id> ...) and approve it.";
  a.compliance = {{kCisStandard, "4.9"}};
  a.check = [](const Resource& r, const sdk::Context&) {
    if (managementPlaneUnknown(r)) return notVisibleOnDataPlane("privateEndpointConnections");
    std::vector<const Json*> connections;
    if (const Json* list = r.find("properties.privateEndpointConnections");
        list != nullptr && list->is_array()) {
      for (const Json& c : *list)
        connections.push_back(&c);
    }
    std::vector<Resource> childConnections = r.children("privateEndpointConnections");
    for (const Resource& c : childConnections)
      connections.push_back(&c.json());
    size_t approved = 0;
    for (const Json* c : connections) {
      const Json* status =
          sdk::Resource(*c).find("properties.privateLinkServiceConnectionState.status");
      if (status != nullptr && status->is_string() && *status == "Approved") ++approved;
    }
    Json evidence = {{"privateEndpointConnections", connections.size()}, {"approved", approved}};
    if (approved > 0)
      return Verdict::healthy(std::to_string(approved) + " approved private endpoint connection(s)",
                              evidence);
    return Verdict::unhealthy(connections.empty() ? "no private endpoint connection"
                                                  : "no private endpoint connection is Approved",
                              evidence);
  };
  return a;
}

sdk::AssessmentDef publicNetworkAccess() {
  auto a = makeAssessment("storage.public-network-access",
                          "Storage accounts should disable public network access", Severity::Medium,
                          "Restrict unauthorized network access",
                          "b2982f36-99f2-4db5-8eff-283140c09693");
  a.description =
      "With public network access disabled the account answers only through private endpoints, "
      "whatever the firewall rules say.";
  a.remediation =
      "Networking blade: Public network access 'Disabled' once private endpoints are in place, "
      "or: az storage account update --ids <resource id> --public-network-access Disabled";
  a.quickFix = "az storage account update --ids {id} --public-network-access Disabled";
  a.check = [](const Resource& r, const sdk::Context&) {
    if (managementPlaneUnknown(r)) return notVisibleOnDataPlane("publicNetworkAccess");
    auto access = sdk::asText(r.find("properties.publicNetworkAccess"));
    Json evidence = {{"publicNetworkAccess", access ? Json(*access) : Json()}};
    if (access && sdk::iequals(*access, "Disabled"))
      return Verdict::healthy("public network access is disabled", evidence);
    return Verdict::unhealthy(
        access ? "publicNetworkAccess is " + *access : "publicNetworkAccess is not set (enabled)",
        evidence);
  };
  return a;
}

}  // namespace

std::vector<sdk::AssessmentDef> networkAssessments() {
  return {networkDefaultDeny(), virtualNetworkRules(), trustedServices(), privateLink(),
          publicNetworkAccess()};
}

}  // namespace bulwark::storage::posture
