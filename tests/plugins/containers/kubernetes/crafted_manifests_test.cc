// Crafted manifests: Helm-rendered multi-document output, a `kubectl get -o json` List, a
// CronJob, RBAC objects, and a hardened Deployment that passes every workload check.
#include <catch2/catch.hpp>

#include "k8s_scan.h"

using namespace bulwark;
using nlohmann::json;

namespace {

const std::string kCluster = test::k8s::kSubscription + "crafted";
const std::string kDigest =
    "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

const char* kHelm = R"(---
# Source: shop/templates/service.yaml
apiVersion: v1
kind: Service
metadata:
  name: web
  namespace: shop
spec:
  ports: [{port: 80}]
---
# Source: shop/templates/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  template:
    spec:
      initContainers:
      - name: setup
        image: busybox
        securityContext:
          privileged: true
          capabilities:
            add: [cap_sys_admin]
      containers:
      - name: web
        image: registry.example.com/shop/web:1.4
        env:
        - name: DB_PASSWORD
          value: hunter2
        - name: API_TOKEN
          valueFrom: {secretKeyRef: {name: web, key: token}}
        - name: LOG_LEVEL
          value: debug
      volumes:
      - name: root
        hostPath: {path: /}
      - name: logs
        hostPath: {path: /var/log/shop}
)";

std::string hardened() {
  return R"({"apiVersion": "apps/v1", "kind": "Deployment",
    "metadata": {"name": "api", "namespace": "shop"},
    "spec": {"template": {"spec": {
      "automountServiceAccountToken": false,
      "securityContext": {"runAsNonRoot": true, "runAsUser": 10001,
                          "seccompProfile": {"type": "RuntimeDefault"}},
      "containers": [{"name": "api", "image": "registry.example.com/shop/api@)" +
         kDigest + R"(",
        "resources": {"limits": {"cpu": "500m", "memory": "256Mi"}},
        "securityContext": {"allowPrivilegeEscalation": false,
                            "readOnlyRootFilesystem": true,
                            "capabilities": {"drop": ["ALL"]}}}]}}}})";
}

const char* kCronJob = R"(apiVersion: batch/v1
kind: CronJob
metadata:
  name: report
  namespace: jobs
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          hostPID: true
          containers:
          - name: report
            image: docker.io/library/python
            securityContext:
              runAsUser: 0
              runAsNonRoot: true
)";

const char* kRbac = R"(apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: everything}
rules:
- apiGroups: ["*"]
  resources: ["*"]
  verbs: ["*"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: ops-admin}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
subjects: [{kind: Group, name: ops}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: secret-reader, namespace: shop}
rules:
- apiGroups: [""]
  resources: [secrets]
  verbs: [get, list]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: read-pods, namespace: shop}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: pod-reader}
subjects: [{kind: ServiceAccount, name: web, namespace: shop}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: pod-reader, namespace: shop}
rules:
- apiGroups: [""]
  resources: [pods]
  verbs: [get, list]
)";

struct Crafted {
  test::TempDir dir;
  test::k8s::K8sScan scan;
  Crafted() {
    test::writeFile(dir / "manifests" / "helm.yaml", kHelm);
    test::writeFile(dir / "manifests" / "jobs" / "cronjob.yml", kCronJob);
    test::writeFile(dir / "manifests" / "list.json",
                    R"({"apiVersion": "v1", "kind": "List", "items": [)" + hardened() +
                        R"(, {"apiVersion": "v1", "kind": "ConfigMap",
                              "metadata": {"name": "cfg"}}]})");
    test::writeFile(dir / "rbac.yaml", kRbac);
    json settings = {
        {"clusters",
         {{{"id", kCluster},
           {"manifests", {(dir / "manifests").string(), (dir / "rbac.yaml").string()}}}}},
        {"allowed_registries", {"registry.example.com/shop"}}};
    scan = test::k8s::scanKubernetes(dir, settings);
  }
  const std::map<std::string, std::string>& states(const std::string& path) const {
    INFO(path << "\n" << scan.err);
    REQUIRE(scan.states.count(kCluster + path) == 1);
    return scan.states.at(kCluster + path);
  }
  json findings(const std::string& path, const std::string& check) const {
    return scan.results.at(kCluster + path).at("containers.k8s-" + check)["evidence"]["findings"];
  }
};

}  // namespace

TEST_CASE("kubernetes: Helm-rendered multi-document output, init containers and hostPaths") {
  Crafted c;
  INFO(c.scan.err);
  REQUIRE(c.scan.exitCode == 0);
  // Only the assessed kinds become resources: the Service and the ConfigMap are skipped.
  CHECK(c.scan.states.size() == 8);
  CHECK_THAT(c.scan.err, Catch::Contains("helm.yaml:1 (document 1): kind Service is not assessed"));
  auto s = c.states("/namespaces/shop/deployments/web");
  CHECK(s.at("containers.k8s-privileged") == "Unhealthy");
  json privileged = c.findings("/namespaces/shop/deployments/web", "privileged");
  REQUIRE(privileged.size() == 1);
  CHECK(privileged[0]["container"] == "setup");
  CHECK(privileged[0]["field"] ==
        "spec.template.spec.initContainers[0].securityContext.privileged");
  CHECK(s.at("containers.k8s-dangerous-capabilities") == "Unhealthy");
  CHECK(c.findings("/namespaces/shop/deployments/web", "dangerous-capabilities")[0]["value"] ==
        "cap_sys_admin");
  json hostPaths = c.findings("/namespaces/shop/deployments/web", "host-path");
  CHECK(hostPaths.size() == 2);
  json sensitive = c.findings("/namespaces/shop/deployments/web", "sensitive-host-path");
  REQUIRE(sensitive.size() == 1);
  CHECK(sensitive[0]["value"] == "/");
  json secrets = c.findings("/namespaces/shop/deployments/web", "secrets-in-env");
  REQUIRE(secrets.size() == 1);
  CHECK(secrets[0]["variable"] == "DB_PASSWORD");
  CHECK(secrets[0]["field"] == "spec.template.spec.containers[0].env[0].value");
  // busybox: no tag; the web image is by tag from an allowed registry; busybox is not.
  json latest = c.findings("/namespaces/shop/deployments/web", "image-latest");
  REQUIRE(latest.size() == 1);
  CHECK(latest[0]["container"] == "setup");
  json registries = c.findings("/namespaces/shop/deployments/web", "allowed-registries");
  REQUIRE(registries.size() == 1);
  CHECK(registries[0]["value"] == "busybox");
  CHECK(s.at("containers.k8s-default-namespace") == "Healthy");
  // The secret's value is never shown.
  CHECK(c.scan.report.dump().find("hunter2") == std::string::npos);
}

TEST_CASE("kubernetes: a hardened Deployment in a kubectl List passes every workload check") {
  Crafted c;
  auto s = c.states("/namespaces/shop/deployments/api");
  size_t workloadChecks = 0;
  for (const auto& [assessment, state] : s) {
    if (assessment.rfind("containers.k8s-", 0) != 0) continue;
    INFO(assessment);
    CHECK(state == "Healthy");
    ++workloadChecks;
  }
  CHECK(workloadChecks == 23);
  // No image of it was scanned: the running-images recommendation has nothing to judge.
  CHECK(s.at("containers.running-images-vulnerabilities") == "NotApplicable");
  const json& source = c.scan.results.at(kCluster + "/namespaces/shop/deployments/api")
                           .at("containers.k8s-privileged")["evidence"]["source"];
  CHECK(source["item"] == 0);
  CHECK_THAT(source["file"].get<std::string>(), Catch::EndsWith("list.json"));
}

TEST_CASE("kubernetes: a CronJob's job template is judged") {
  Crafted c;
  auto s = c.states("/namespaces/jobs/cronjobs/report");
  CHECK(s.at("containers.k8s-host-pid") == "Unhealthy");
  CHECK(s.at("containers.k8s-run-as-non-root") == "Unhealthy");  // runAsUser 0 wins
  CHECK(c.findings("/namespaces/jobs/cronjobs/report", "run-as-non-root")[0]["field"] ==
        "spec.jobTemplate.spec.template.spec.containers[0].securityContext.runAsUser");
  CHECK(s.at("containers.k8s-image-latest") == "Unhealthy");
  CHECK(s.at("containers.k8s-allowed-registries") == "Unhealthy");
  CHECK(s.at("containers.k8s-host-network") == "Healthy");
}

TEST_CASE("kubernetes: RBAC wildcards, cluster-admin bindings and secret readers") {
  Crafted c;
  auto everything = c.states("/clusterroles/everything");
  CHECK(everything.at("containers.k8s-rbac-wildcard") == "Unhealthy");
  CHECK(c.findings("/clusterroles/everything", "rbac-wildcard").size() == 3);
  CHECK(everything.at("containers.k8s-rbac-cluster-admin-binding") == "NotApplicable");
  auto admin = c.states("/clusterrolebindings/ops-admin");
  CHECK(admin.at("containers.k8s-rbac-cluster-admin-binding") == "Unhealthy");
  CHECK(c.findings("/clusterrolebindings/ops-admin",
                   "rbac-cluster-admin-binding")[0]["subjects"][0] == "Group ops");
  CHECK(c.states("/namespaces/shop/rolebindings/read-pods")
            .at("containers.k8s-rbac-cluster-admin-binding") == "Healthy");
  CHECK(c.states("/namespaces/shop/roles/secret-reader").at("containers.k8s-rbac-secrets-access") ==
        "Unhealthy");
  auto reader = c.states("/namespaces/shop/roles/pod-reader");
  CHECK(reader.at("containers.k8s-rbac-secrets-access") == "Healthy");
  CHECK(reader.at("containers.k8s-rbac-wildcard") == "Healthy");
}

TEST_CASE("kubernetes: allowed registries unset makes the registry check NotApplicable") {
  test::TempDir dir;
  test::writeFile(dir / "pod.yaml", kCronJob);
  auto scan = test::k8s::scanKubernetes(
      dir, {{"clusters", {{{"id", kCluster}, {"manifests", {(dir / "pod.yaml").string()}}}}}});
  INFO(scan.err);
  REQUIRE(scan.states.count(kCluster + "/namespaces/jobs/cronjobs/report") == 1);
  CHECK(scan.states.at(kCluster + "/namespaces/jobs/cronjobs/report")
            .at("containers.k8s-allowed-registries") == "NotApplicable");
}
