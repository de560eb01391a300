// The containers plugin: container image scanning (image sources, package analysers, SBOM,
// triage), the registry client and scan on push in `bulwark server`, and the recommendation
// "Container registry images should have vulnerability findings resolved" over the
// registries of the inventory. Packages are matched against the host's vulnerability database
// and image scan statuses kept in the plugin's state (both ABI 1.2 host services). Kubernetes
// workload posture: the workloads and RBAC objects of manifests (plugins/containers/kubernetes);
// threat detection: the k8s-audit event source, the kubernetes-threats rule set
// (rules/kubernetes.yaml) and the kubernetes-secret-reads UEBA activity.
#include <bulwark/plugin.hpp>

#include "images_command.h"
#include "kubernetes/audit_source.h"
#include "kubernetes/k8s_assessments.h"
#include "kubernetes/k8s_settings.h"
#include "kubernetes/k8s_types.h"
#include "kubernetes/manifests_collector.h"
#include "kubernetes/secret_activity.h"
#include "posture/cluster_assessments.h"
#include "posture/cluster_declarative.h"
#include "posture/registry_image_findings.h"
#include "posture/running_image_findings.h"
#include "push/push_service.h"

namespace bulwark::containers {
extern const char kKubernetes[];  // rules/kubernetes.yaml, embedded by CMake
}  // namespace bulwark::containers

namespace {

using namespace bulwark::sdk;

constexpr const char* kRegistryType = "Microsoft.ContainerRegistry/registries";
constexpr const char* kClusterType = "Microsoft.ContainerService/managedClusters";

HttpRouteDef route(std::string id, std::string method, std::string path, bool prefix,
                   RouteAuth auth, std::string description) {
  HttpRouteDef r;
  r.id = std::move(id);
  r.method = std::move(method);
  r.path = std::move(path);
  r.prefix = prefix;
  r.auth = auth;
  r.description = std::move(description);
  return r;
}

Json settingsSchema() {
  return {{"type", "object"},
          {"properties",
           {{"registries",
             {{"type", "array"},
              {"items", {{"type", "string"}, {"minLength", 1}}},
              {"description", "host[:port] of the registries whose pushes are scanned"}}},
            {"platform", {{"type", "string"}, {"pattern", "^[^/]+/[^/]+(/[^/]+)?$"}}},
            {"workDir", {{"type", "string"}}},
            {"https", {{"type", "boolean"}}},
            {"rescanCheckSeconds", {{"type", "integer"}, {"minimum", 1}}},
            {"kubernetes", bulwark::containers::k8s::kubernetesSettingsSchema()}}},
          {"additionalProperties", false}};
}

PluginDef definition() {
  PluginDef def;
  def.id = "containers";
  def.version = BULWARK_CONTAINERS_VERSION;
  def.description =
      "Container image scanning, scan on push, registry image vulnerability findings, the "
      "posture of container registries and AKS clusters, and Kubernetes workload posture from "
      "manifests";
  // Empty run: the registries of the inventory, as they are.
  def.collectors.push_back(
      {"registries", "container registries from the inventory", {kRegistryType}, {}});
  def.collectors.push_back(
      {"clusters", "AKS clusters from the inventory, with their node pools", {kClusterType}, {}});
  def.collectors.push_back(bulwark::containers::k8s::manifestsCollector());
  def.assessments.push_back(bulwark::containers::registryImagesAssessment());
  for (auto group :
       {bulwark::containers::registryAndClusterBuiltins(),
        bulwark::containers::registryPolicyAssessments(), bulwark::containers::clusterAssessments(),
        bulwark::containers::k8s::kubernetesAssessments()}) {
    for (auto& a : group)
      def.assessments.push_back(std::move(a));
  }
  def.assessments.push_back(bulwark::containers::runningImagesAssessment(
      bulwark::containers::k8s::kWorkloadType, "properties.manifest"));
  def.settingsSchema = settingsSchema();
  def.commands.push_back({"images", "scan container images, list and show their scan status",
                          bulwark::containers::imagesCommand});
  HttpRouteDef events =
      route("registry-events", "POST", "/v1/registry/events", false, RouteAuth::Secret,
            "Docker registry notifications; pushed manifests are pulled and scanned");
  events.secretEnv = "BULWARK_NOTIFICATION_SECRET";
  def.httpRoutes.push_back(events);
  def.httpRoutes.push_back(route("images", "GET", "/v1/images", true, RouteAuth::ApiToken,
                                 "scan status of every image, or of one digest with its history"));
  def.serverOptions = {
      {"registry", "registries", ServerOptionDef::Kind::List,
       "a trusted registry HOST:PORT (repeatable); its pushes are scanned"},
      {"platform", "platform", ServerOptionDef::Kind::Text,
       "platform chosen from manifest lists (os/arch, default linux/amd64)"},
      {"work-dir", "workDir", ServerOptionDef::Kind::Text,
       "where pulled images are held while scanned"},
      {"https", "https", ServerOptionDef::Kind::Flag, "use https even for loopback registries"},
      {"rescan-check", "rescanCheckSeconds", ServerOptionDef::Kind::Integer,
       "seconds between checks for a re-imported vulnerability database (default 60); scanned "
       "images are then rescanned"},
  };
  def.startService = bulwark::containers::startPushService;
  namespace k8s = bulwark::containers::kubernetes;
  def.eventSources = {k8s::auditSource()};
  def.ruleSets.push_back({"kubernetes-threats",
                          "Kubernetes threat detection over the k8s-audit source: exec into pods, "
                          "privileged and host-network pods, sensitive host mounts, cluster-admin "
                          "bindings, wildcard roles, anonymous access, kube-system changes, "
                          "deleted events, an exposed dashboard, miners and unknown registries",
                          bulwark::containers::kKubernetes,
                          nullptr,
                          {}});
  def.activities = {k8s::secretReadActivity()};
  def.anomalyKinds = k8s::secretReadAnomalyKinds();
  return def;
}

}  // namespace

BULWARK_PLUGIN(definition)
