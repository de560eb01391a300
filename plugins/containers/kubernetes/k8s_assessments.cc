#include "kubernetes/k8s_assessments.h"

#include <functional>
#include <string>

#include "kubernetes/k8s_settings.h"
#include "kubernetes/k8s_types.h"
#include "kubernetes/rbac_checks.h"
#include "kubernetes/workload_checks.h"

namespace bulwark::containers::k8s {
namespace {

using sdk::Json;
using sdk::Severity;
using sdk::Verdict;

using PodCheck = std::function<Findings(const PodView&, const sdk::Context&)>;
using Compliance = std::vector<std::pair<std::string, std::string>>;

std::string describe(const Json& f) {
  std::string out;
  if (f.contains("container")) out += "container " + f["container"].get<std::string>() + ": ";
  out += f.value("field", std::string{}) + " = ";
  out += f["value"].is_string() ? f["value"].get<std::string>() : f["value"].dump();
  return out;
}

Verdict fromFindings(const sdk::Resource& r, const Findings& findings, const std::string& ok) {
  Json source = r.find("properties.source") ? *r.find("properties.source") : Json::object();
  std::string what = sdk::textAt(r.json(), "properties.kind") + " " + r.name();
  if (findings.empty()) return Verdict::healthy(what + ": " + ok, {{"source", source}});
  std::string reason = what + ": ";
  for (size_t i = 0; i < findings.size() && i < 4; ++i)
    reason += (i == 0 ? "" : "; ") + describe(findings[i]);
  if (findings.size() > 4) reason += "; and " + std::to_string(findings.size() - 4) + " more";
  return Verdict::unhealthy(reason, {{"findings", findings}, {"source", source}});
}

std::function<Verdict(const sdk::Resource&, const sdk::Context&)> podCheck(PodCheck check,
                                                                           std::string ok) {
  return [check = std::move(check), ok = std::move(ok)](const sdk::Resource& r,
                                                        const sdk::Context& ctx) {
    const Json* manifest = r.find("properties.manifest");
    if (manifest == nullptr) return Verdict::notApplicable("no manifest");
    PodView pod = podView(*manifest, sdk::textAt(r.json(), "properties.kind"));
    if (pod.spec == nullptr)
      return Verdict::notApplicable("the manifest has no pod template at " + pod.specPath);
    return fromFindings(r, check(pod, ctx), ok);
  };
}

PodCheck simple(Findings (*fn)(const PodView&)) {
  return [fn](const PodView& pod, const sdk::Context&) { return fn(pod); };
}

struct Def {
  const char* id;
  const char* title;
  Severity severity;
  const char* control;
  const char* remediation;
  const char* quickFix;
  Compliance compliance;
};

// The Azure Policy built-in (mode Microsoft.Kubernetes.Data) each check mirrors, by id suffix.
const char* builtinFor(const std::string& id) {
  static const std::pair<const char*, const char*> kBuiltins[] = {
      {"privileged", "95edb821-ddaf-4404-9732-666045e056b4"},
      {"privilege-escalation", "1c6e92c9-99f0-4e55-9cf2-0c234dc48f99"},
      {"run-as-non-root", "f06ddb64-5fa3-4b77-b166-acb36f7f6042"},
      {"host-pid", "47a1ee2f-2a2a-4576-bf2a-e0e36709c2b8"},
      {"host-ipc", "47a1ee2f-2a2a-4576-bf2a-e0e36709c2b8"},
      {"host-network", "82985f06-dc18-4a48-bc1c-b9f4f0098cfe"},
      {"host-ports", "82985f06-dc18-4a48-bc1c-b9f4f0098cfe"},
      {"host-path", "098fc59e-46c7-4d99-9b16-64990e543d75"},
      {"sensitive-host-path", "098fc59e-46c7-4d99-9b16-64990e543d75"},
      {"dangerous-capabilities", "c26596ff-4d70-4e6a-9a30-c2506bd2f80c"},
      {"read-only-root-filesystem", "df49d893-a74c-421d-bc95-c663042e5b80"},
      {"resource-limits", "e345eecc-fa47-480f-9e88-67dcc122b164"},
      {"seccomp", "975ce327-682c-4f2e-aa46-b9598289b86c"},
      {"apparmor", "511f5417-5d12-434d-ab2e-816901e72a5e"},
      {"proc-mount", "f85eb0dd-92ee-40e9-8a76-db25a507d6d3"},
      {"windows-host-process", "077f0ce1-86d6-4058-bc60-de05067e8622"},
      {"image-latest", "021f8078-41a0-40e6-81b6-c6597da9f3ee"},
      {"allowed-registries", "febd0533-8e55-448f-b837-bd0e06f16469"},
      {"automount-service-account-token", "423dd1ba-798e-40e4-9c4d-b6902674b423"},
      {"default-namespace", "9f061a12-e40d-4183-a00e-171812443373"},
      {"rbac-wildcard", "ca8d5704-aa2b-40cf-b110-dc19052825ad"},
      {"rbac-cluster-admin-binding", "a3dc4946-dba6-43e6-950d-f96532848c9f"},
  };
  for (const auto& [check, name] : kBuiltins)
    if (id == std::string("containers.k8s-") + check) return name;
  return nullptr;
}

sdk::AssessmentDef make(const Def& d, const char* type) {
  sdk::AssessmentDef a;
  a.id = std::string("containers.k8s-") + d.id;
  a.title = d.title;
  a.resourceType = type;
  a.severity = d.severity;
  a.control = d.control;
  a.description = d.title;
  a.remediation = d.remediation;
  a.quickFix = d.quickFix;
  a.compliance = d.compliance;
  if (const char* builtin = builtinFor(a.id))
    a.policyDefinitionId =
        std::string("/providers/Microsoft.Authorization/policyDefinitions/") + builtin;
  return a;
}

constexpr const char* kConfig = "Remediate security configurations";
constexpr const char* kAccess = "Manage access and permissions";
constexpr const char* kPractice = "Implement security best practices";

void addPod(std::vector<sdk::AssessmentDef>& out, const Def& d, PodCheck check, const char* ok) {
  sdk::AssessmentDef a = make(d, kWorkloadType);
  a.check = podCheck(std::move(check), ok);
  out.push_back(std::move(a));
}

void addRbac(std::vector<sdk::AssessmentDef>& out, const Def& d, std::vector<std::string> kinds,
             std::vector<Json> (*fn)(const Json&), const char* ok) {
  sdk::AssessmentDef a = make(d, kRbacType);
  a.check = [kinds = std::move(kinds), fn, ok = std::string(ok)](const sdk::Resource& r,
                                                                 const sdk::Context&) {
    std::string kind = sdk::textAt(r.json(), "properties.kind");
    bool applies = false;
    for (const auto& k : kinds)
      applies = applies || k == kind;
    const Json* manifest = r.find("properties.manifest");
    if (!applies || manifest == nullptr)
      return Verdict::notApplicable(kind + " is not judged by this check");
    return fromFindings(r, fn(*manifest), ok);
  };
  out.push_back(std::move(a));
}

}  // namespace

std::vector<sdk::AssessmentDef> kubernetesAssessments() {
  std::vector<sdk::AssessmentDef> out;
  addPod(out,
         {"privileged",
          "Kubernetes containers should not run privileged",
          Severity::High,
          kConfig,
          "Remove securityContext.privileged or set it to false in every container.",
          "kubectl patch deployment NAME --type=json -p '[{\"op\":\"replace\",\"path\":\"/spec/"
          "template/spec/containers/0/securityContext/privileged\",\"value\":false}]'",
          {{kPss, "baseline"}, {kCis, "5.2.2"}}},
         simple(privilegedFindings), "no privileged container");
  addPod(out,
         {"privilege-escalation",
          "Kubernetes containers should not allow privilege escalation",
          Severity::Medium,
          kConfig,
          "Set securityContext.allowPrivilegeEscalation: false in every container.",
          "securityContext:\n  allowPrivilegeEscalation: false",
          {{kPss, "restricted"}, {kCis, "5.2.6"}}},
         simple(privilegeEscalationFindings),
         "every container sets allowPrivilegeEscalation: false");
  addPod(out,
         {"run-as-non-root",
          "Kubernetes containers should run as a non-root user",
          Severity::Medium,
          kConfig,
          "Set securityContext.runAsNonRoot: true (pod or container) and a non-zero runAsUser.",
          "securityContext:\n  runAsNonRoot: true\n  runAsUser: 10001",
          {{kPss, "restricted"}, {kCis, "5.2.7"}}},
         simple(runAsRootFindings), "every container sets runAsNonRoot: true");
  addPod(out,
         {"host-pid",
          "Kubernetes workloads should not share the host's process namespace",
          Severity::High,
          kConfig,
          "Remove hostPID: true from the pod spec.",
          "kubectl patch deployment NAME -p '{\"spec\":{\"template\":{\"spec\":{\"hostPID\":"
          "false}}}}'",
          {{kPss, "baseline"}, {kCis, "5.2.3"}}},
         simple(hostPidFindings), "hostPID is not set");
  addPod(out,
         {"host-ipc",
          "Kubernetes workloads should not share the host's IPC namespace",
          Severity::High,
          kConfig,
          "Remove hostIPC: true from the pod spec.",
          "kubectl patch deployment NAME -p '{\"spec\":{\"template\":{\"spec\":{\"hostIPC\":"
          "false}}}}'",
          {{kPss, "baseline"}, {kCis, "5.2.4"}}},
         simple(hostIpcFindings), "hostIPC is not set");
  addPod(out,
         {"host-network",
          "Kubernetes workloads should not use the host's network",
          Severity::High,
          kConfig,
          "Remove hostNetwork: true from the pod spec.",
          "kubectl patch deployment NAME -p '{\"spec\":{\"template\":{\"spec\":{\"hostNetwork\":"
          "false}}}}'",
          {{kPss, "baseline"}, {kCis, "5.2.5"}}},
         simple(hostNetworkFindings), "hostNetwork is not set");
  addPod(out,
         {"host-path",
          "Kubernetes workloads should not mount host paths",
          Severity::Medium,
          kConfig,
          "Replace hostPath volumes with emptyDir, a ConfigMap or a PersistentVolume.",
          "volumes:\n- name: data\n  emptyDir: {}",
          {{kPss, "baseline"}, {kCis, "5.2.12"}}},
         simple(hostPathFindings), "no hostPath volume");
  addPod(out,
         {"sensitive-host-path",
          "Kubernetes workloads should not mount sensitive host paths (/, /etc, the container "
          "runtime's socket, /var/lib/kubelet, /proc, /root...)",
          Severity::High,
          kConfig,
          "Remove hostPath volumes of the node's root, configuration, runtime sockets, kubelet "
          "state or kernel interfaces.",
          "kubectl get deploy NAME -o json | jq 'del(.spec.template.spec.volumes[] | "
          "select(.hostPath))' | kubectl apply -f -",
          {{kPss, "baseline"}, {kCis, "5.2.12"}}},
         simple(sensitiveHostPathFindings), "no sensitive hostPath volume");
  addPod(out,
         {"host-ports",
          "Kubernetes containers should not bind host ports",
          Severity::Medium,
          kConfig,
          "Remove hostPort from container ports; expose them through a Service.",
          "ports:\n- containerPort: 8080  # no hostPort",
          {{kPss, "baseline"}, {kCis, "5.2.13"}}},
         simple(hostPortFindings), "no hostPort");
  addPod(out,
         {"dangerous-capabilities",
          "Kubernetes containers should not add dangerous capabilities (SYS_ADMIN, NET_ADMIN, "
          "NET_RAW, ALL...)",
          Severity::High,
          kConfig,
          "Remove those capabilities from securityContext.capabilities.add.",
          "securityContext:\n  capabilities:\n    drop: [ALL]\n    add: [NET_BIND_SERVICE]",
          {{kPss, "baseline"}, {kCis, "5.2.9"}}},
         simple(dangerousCapabilityFindings), "no dangerous capability added");
  addPod(out,
         {"drop-all-capabilities",
          "Kubernetes containers should drop all capabilities",
          Severity::Low,
          kConfig,
          "Add ALL to securityContext.capabilities.drop in every container.",
          "securityContext:\n  capabilities:\n    drop: [ALL]",
          {{kPss, "restricted"}, {kCis, "5.2.10"}}},
         simple(dropAllFindings), "every container drops ALL capabilities");
  addPod(out,
         {"read-only-root-filesystem",
          "Kubernetes containers should have a read-only root filesystem",
          Severity::Medium,
          kConfig,
          "Set securityContext.readOnlyRootFilesystem: true; mount emptyDir volumes where the "
          "application writes.",
          "securityContext:\n  readOnlyRootFilesystem: true",
          {{kCis, "5.7.3"}}},
         simple(readOnlyRootFindings), "every root filesystem is read-only");
  addPod(out,
         {"resource-limits",
          "Kubernetes containers should have CPU and memory limits",
          Severity::Medium,
          kPractice,
          "Set resources.limits.cpu and resources.limits.memory.",
          "kubectl set resources deployment NAME --limits=cpu=500m,memory=256Mi",
          {}},
         simple(resourceLimitFindings), "every container has CPU and memory limits");
  addPod(out,
         {"seccomp",
          "Kubernetes containers should run with the RuntimeDefault seccomp profile",
          Severity::Medium,
          kConfig,
          "Set securityContext.seccompProfile.type: RuntimeDefault (or Localhost) on the pod.",
          "securityContext:\n  seccompProfile:\n    type: RuntimeDefault",
          {{kPss, "restricted"}, {kCis, "5.7.2"}}},
         simple(seccompFindings), "every container runs with RuntimeDefault or Localhost seccomp");
  addPod(out,
         {"apparmor",
          "Kubernetes containers should not run AppArmor-unconfined",
          Severity::Medium,
          kConfig,
          "Remove the unconfined AppArmor profile (annotation or appArmorProfile).",
          "securityContext:\n  appArmorProfile:\n    type: RuntimeDefault",
          {{kPss, "baseline"}}},
         simple(appArmorFindings), "no container is AppArmor-unconfined");
  addPod(out,
         {"proc-mount",
          "Kubernetes containers should use the default /proc mount",
          Severity::Medium,
          kConfig,
          "Remove securityContext.procMount or set it to Default.",
          "securityContext:\n  procMount: Default",
          {{kPss, "baseline"}}},
         simple(procMountFindings), "every container uses the default /proc mount");
  addPod(out,
         {"windows-host-process",
          "Kubernetes workloads should not run Windows HostProcess containers",
          Severity::High,
          kConfig,
          "Remove windowsOptions.hostProcess: true.",
          "securityContext:\n  windowsOptions:\n    hostProcess: false",
          {{kPss, "baseline"}, {kCis, "5.2.11"}}},
         simple(hostProcessFindings), "no HostProcess container");
  addPod(out,
         {"secrets-in-env",
          "Kubernetes containers should not hold secrets in plain environment values",
          Severity::High,
          kAccess,
          "Move the value into a Secret and reference it with valueFrom.secretKeyRef (or mount "
          "it as a file).",
          "kubectl create secret generic NAME --from-literal=KEY=...; env:\n- name: KEY\n  "
          "valueFrom:\n    secretKeyRef: {name: NAME, key: KEY}",
          {{kCis, "5.4.1"}}},
         simple(secretEnvFindings), "no secret-looking variable has a literal value");
  addPod(out,
         {"image-latest",
          "Kubernetes container images should have a tag other than latest",
          Severity::Medium,
          kPractice,
          "Pin every image to a version tag or a digest.",
          "kubectl set image deployment/NAME CONTAINER=REGISTRY/IMAGE:1.2.3",
          {}},
         simple(latestTagFindings), "every image has a version tag or a digest");
  addPod(out,
         {"image-digest",
          "Kubernetes container images should be referenced by digest",
          Severity::Low,
          kPractice,
          "Reference images as REPOSITORY@sha256:DIGEST.",
          "kubectl set image deployment/NAME CONTAINER=REGISTRY/IMAGE@sha256:DIGEST",
          {{kCis, "5.5.1"}}},
         simple(digestFindings), "every image is referenced by digest");
  {
    sdk::AssessmentDef a =
        make({"allowed-registries",
              "Kubernetes container images should come from allowed registries",
              Severity::High,
              kPractice,
              "Pull images only from the registries of the allowed_registries setting.",
              "kubectl set image deployment/NAME CONTAINER=ALLOWED_REGISTRY/IMAGE:TAG",
              {{kCis, "5.5.1"}}},
             kWorkloadType);
    a.check = [](const sdk::Resource& r, const sdk::Context& ctx) {
      auto allowed = allowedRegistries(ctx.settings);
      if (!allowed) return Verdict::notApplicable("no kubernetes.allowed_registries setting");
      std::vector<std::string> list = *allowed;
      return podCheck(
          [list](const PodView& pod, const sdk::Context&) { return registryFindings(pod, list); },
          "every image comes from an allowed registry")(r, ctx);
    };
    out.push_back(std::move(a));
  }
  addPod(out,
         {"automount-service-account-token",
          "Kubernetes workloads should not automount the service account token",
          Severity::Medium,
          kAccess,
          "Set automountServiceAccountToken: false on the pod spec (or its service account).",
          "kubectl patch deployment NAME -p '{\"spec\":{\"template\":{\"spec\":{"
          "\"automountServiceAccountToken\":false}}}}'",
          {{kCis, "5.1.6"}}},
         simple(automountTokenFindings), "automountServiceAccountToken is false");
  {
    sdk::AssessmentDef a = make({"default-namespace",
                                 "Kubernetes workloads should not run in the default namespace",
                                 Severity::Low,
                                 kPractice,
                                 "Deploy workloads into a namespace of their own.",
                                 "kubectl create namespace APP && kubectl apply -n APP -f MANIFEST",
                                 {{kCis, "5.7.4"}}},
                                kWorkloadType);
    a.check = [](const sdk::Resource& r, const sdk::Context&) {
      std::string ns = sdk::textAt(r.json(), "properties.namespace");
      if (ns != "default") return fromFindings(r, {}, "namespace " + ns);
      bool set = sdk::asBool(r.find("properties.namespaceSet")).value_or(false);
      return fromFindings(
          r,
          {{{"field", "metadata.namespace"},
            {"value", set ? "default" : "absent (applied to the default namespace)"}}},
          "");
    };
    out.push_back(std::move(a));
  }
  addRbac(out,
          {"rbac-wildcard",
           "Kubernetes roles should not use wildcards in verbs, resources or API groups",
           Severity::High,
           kAccess,
           "Name the verbs, resources and API groups the role needs.",
           "rules:\n- apiGroups: [\"\"]\n  resources: [pods]\n  verbs: [get, list]",
           {{kCis, "5.1.3"}}},
          {"Role", "ClusterRole"}, wildcardRuleFindings, "no wildcard in its rules");
  addRbac(out,
          {"rbac-cluster-admin-binding",
           "Kubernetes bindings should not grant cluster-admin",
           Severity::High,
           kAccess,
           "Bind a role with the permissions the subjects need instead of cluster-admin.",
           "kubectl delete clusterrolebinding NAME",
           {{kCis, "5.1.1"}}},
          {"RoleBinding", "ClusterRoleBinding"}, clusterAdminBindingFindings,
          "does not bind cluster-admin");
  addRbac(out,
          {"rbac-secrets-access",
           "Kubernetes roles should not read secrets",
           Severity::Medium,
           kAccess,
           "Remove get, list and watch on secrets; mount the secrets workloads need.",
           "rules:\n- apiGroups: [\"\"]\n  resources: [configmaps]\n  verbs: [get]",
           {{kCis, "5.1.2"}}},
          {"Role", "ClusterRole"}, secretsAccessFindings, "no read access to secrets");
  return out;
}

}  // namespace bulwark::containers::k8s
