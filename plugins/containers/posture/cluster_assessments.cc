#include "posture/cluster_assessments.h"

#include <bulwark/sdk/time.hpp>

#include <utility>

namespace bulwark::containers {

extern const char kKubernetesEndOfLife[];  // data/kubernetes-end-of-life.json

namespace {

using sdk::Json;
using sdk::Verdict;

constexpr const char* kRegistryType = "Microsoft.ContainerRegistry/registries";
constexpr const char* kClusterType = "Microsoft.ContainerService/managedClusters";

sdk::AssessmentDef make(std::string id, std::string title, const char* type, sdk::Severity severity,
                        std::string control, std::string description, std::string remediation,
                        std::string quickFix,
                        std::function<Verdict(const sdk::Resource&, const sdk::Context&)> check) {
  sdk::AssessmentDef a;
  a.id = std::move(id);
  a.title = std::move(title);
  a.resourceType = type;
  a.severity = severity;
  a.control = std::move(control);
  a.description = std::move(description);
  a.remediation = std::move(remediation);
  a.quickFix = std::move(quickFix);
  a.check = std::move(check);
  return a;
}

// A Premium registry policy (properties.policies.<name>.status): enabled is Healthy. Basic and
// Standard registries have none of them: Unhealthy, as they cannot turn it on.
Verdict registryPolicy(const sdk::Resource& registry, const std::string& policy) {
  std::string sku = sdk::textAt(registry.json(), "sku.name");
  std::string status = sdk::textAt(registry.json(), "properties.policies." + policy + ".status");
  Json evidence = {{"sku", sku}, {"status", status.empty() ? Json() : Json(status)}};
  if (sdk::iequals(status, "enabled")) return Verdict::healthy(policy + " is enabled", evidence);
  if (!sku.empty() && !sdk::iequals(sku, "Premium"))
    return Verdict::unhealthy(policy + " needs the Premium SKU; this registry is " + sku, evidence);
  return Verdict::unhealthy(policy + " is " + (status.empty() ? "not set" : status), evidence);
}

Verdict networkPolicy(const sdk::Resource& cluster, const sdk::Context&) {
  std::string policy = sdk::textAt(cluster.json(), "properties.networkProfile.networkPolicy");
  std::string plugin = sdk::textAt(cluster.json(), "properties.networkProfile.networkPlugin");
  if (sdk::at(cluster.json(), "properties.networkProfile") == nullptr)
    return Verdict::notApplicable("the snapshot does not show the cluster's network profile");
  Json evidence = {{"networkPolicy", policy}, {"networkPlugin", plugin}};
  if (policy.empty() || sdk::iequals(policy, "none"))
    return Verdict::unhealthy("no network policy engine: every pod can reach every pod", evidence);
  return Verdict::healthy("network policy: " + policy, evidence);
}

Verdict nodePublicIps(const sdk::Resource& cluster, const sdk::Context&) {
  auto pools = sdk::arrayAt(cluster.json(), "properties.agentPoolProfiles");
  if (pools.empty()) return Verdict::notApplicable("the snapshot lists no node pools");
  Json exposed = Json::array();
  for (const Json* pool : pools) {
    if (sdk::asBool(sdk::at(*pool, "enableNodePublicIP")).value_or(false))
      exposed.push_back(sdk::textAt(*pool, "name"));
  }
  Json evidence = {{"poolsWithPublicIps", exposed}, {"pools", pools.size()}};
  if (!exposed.empty())
    return Verdict::unhealthy(std::to_string(exposed.size()) +
                                  " node pool(s) give each node a public IP: " + exposed.dump(),
                              evidence);
  return Verdict::healthy("no node pool has public node IPs", evidence);
}

const Json& endOfLifeTable() {
  static const Json versions = Json::parse(kKubernetesEndOfLife).at("versions");
  return versions;
}

// "1.29" -> {1, 29}.
std::pair<int, int> minorNumbers(const std::string& minor) {
  size_t dot = minor.find('.');
  return {std::stoi(minor.substr(0, dot)), std::stoi(minor.substr(dot + 1))};
}

std::string oldestListed() {
  std::string oldest;
  for (auto it = endOfLifeTable().begin(); it != endOfLifeTable().end(); ++it) {
    if (oldest.empty() || minorNumbers(it.key()) < minorNumbers(oldest)) oldest = it.key();
  }
  return oldest;
}

bool olderThanTable(const std::string& minor) {
  return minorNumbers(minor) < minorNumbers(oldestListed());
}

Verdict supportedVersion(const sdk::Resource& cluster, const sdk::Context&) {
  std::string version = sdk::textAt(cluster.json(), "properties.currentKubernetesVersion");
  if (version.empty()) version = sdk::textAt(cluster.json(), "properties.kubernetesVersion");
  if (version.empty())
    return Verdict::notApplicable("the snapshot does not show the Kubernetes version");
  std::string minor = kubernetesMinor(version);
  auto eol = kubernetesEndOfLife(minor);
  if (!eol && !minor.empty() && olderThanTable(minor)) {
    Json evidence = {{"version", version}, {"oldestListed", oldestListed()}};
    return Verdict::unhealthy("Kubernetes " + version + " is older than " + oldestListed() +
                                  ", the oldest version the table lists: out of support",
                              evidence);
  }
  if (!eol) return Verdict::notApplicable("Kubernetes " + version + " is not in the table");
  std::string today = sdk::utcToday();
  Json evidence = {{"version", version}, {"endOfLife", *eol}, {"judgedOn", today}};
  if (*eol < today)
    return Verdict::unhealthy("Kubernetes " + version + " is out of support since " + *eol,
                              evidence);
  return Verdict::healthy("Kubernetes " + version + " is supported until " + *eol, evidence);
}

}  // namespace

std::string kubernetesMinor(const std::string& version) {
  size_t start = version.find_first_of("0123456789");
  if (start == std::string::npos) return {};
  size_t dot = version.find('.', start);
  if (dot == std::string::npos) return {};
  size_t end = version.find_first_not_of("0123456789", dot + 1);
  if (end == dot + 1) return {};
  return version.substr(start, (end == std::string::npos ? version.size() : end) - start);
}

std::optional<std::string> kubernetesEndOfLife(const std::string& minor) {
  auto it = endOfLifeTable().find(minor);
  if (it == endOfLifeTable().end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

std::vector<sdk::AssessmentDef> registryPolicyAssessments() {
  auto policy = [](const char* name) {
    return [name](const sdk::Resource& r, const sdk::Context&) { return registryPolicy(r, name); };
  };
  return {
      make("containers.acr-content-trust", "Container registries should have content trust enabled",
           kRegistryType, sdk::Severity::Medium, "Remediate security configurations",
           "With content trust, clients pull only images their publishers signed.",
           "Enable content trust (Premium) and sign the images the registry serves.",
           "az acr config content-trust update --registry <name> --status enabled",
           policy("trustPolicy")),
      make("containers.acr-quarantine", "Container registries should quarantine pushed images",
           kRegistryType, sdk::Severity::Low, "Remediate vulnerabilities",
           "Quarantine holds a pushed image back from pulls until a scanner marks it as clean.",
           "Enable the quarantine policy (Premium) and let the scan on push release images.",
           "az resource update --ids {id} --set properties.policies.quarantinePolicy.status="
           "enabled",
           policy("quarantinePolicy")),
      make("containers.acr-retention", "Container registries should delete untagged manifests",
           kRegistryType, sdk::Severity::Low, "Implement security best practices",
           "Untagged manifests keep old, unpatched images pullable by digest long after their "
           "tags moved on.",
           "Enable the retention policy for untagged manifests (Premium).",
           "az acr config retention update --registry <name> --status enabled --days 30 --type "
           "UntaggedManifests",
           policy("retentionPolicy")),
  };
}

std::vector<sdk::AssessmentDef> clusterAssessments() {
  return {
      make("containers.aks-network-policy",
           "Kubernetes clusters should use a network policy engine", kClusterType,
           sdk::Severity::Medium, "Restrict unauthorized network access",
           "Without a network policy engine (Azure, Calico or Cilium) NetworkPolicy objects are "
           "ignored and every pod can reach every other.",
           "Turn on a network policy engine and add NetworkPolicies that deny by default.",
           "az aks update --ids {id} --network-policy azure", networkPolicy),
      make("containers.aks-node-public-ip",
           "Kubernetes node pools should not give nodes public IP addresses", kClusterType,
           sdk::Severity::High, "Restrict unauthorized network access",
           "A node with a public IP is reachable from the internet on every port its NSG "
           "allows, around the cluster's load balancer and ingress.",
           "Recreate the node pools without node public IPs and reach the nodes through the "
           "virtual network.",
           "az aks nodepool add --cluster-name <name> --resource-group <group> --name <pool> "
           "(without --enable-node-public-ip)",
           nodePublicIps),
      make("containers.aks-supported-version",
           "Kubernetes clusters should run a supported Kubernetes version", kClusterType,
           sdk::Severity::High, "Remediate vulnerabilities",
           "A Kubernetes minor version past its end of support gets no more security patches.",
           "Upgrade the control plane and node pools to a supported minor version.",
           "az aks upgrade --ids {id} --kubernetes-version <supported version>", supportedVersion),
  };
}

}  // namespace bulwark::containers
