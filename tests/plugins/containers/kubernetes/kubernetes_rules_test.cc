// Each kubernetes-threats rule on a crafted audit event that must raise it, beside near misses
// that must not (the same action made harmless, or by whom it is expected).
#include <catch2/catch.hpp>

#include "kubernetes/k8s_detect.h"

using namespace bulwark;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

struct Crafted {
  std::string lines;
  int minute = 0;

  void add(const std::string& user, const std::string& verb, const std::string& resource,
           const std::string& ns, const std::string& name, int code, const json& request = nullptr,
           const std::string& sub = "") {
    char time[32];
    std::snprintf(time, sizeof time, "2026-12-01T%02d:%02d:00Z", 10 + minute / 60, minute % 60);
    ++minute;
    lines +=
        test::auditEvent(time, user, verb, resource, ns, name, code, request, sub).dump() + "\n";
  }
};

json workload(const json& podSpec) {
  return {{"kind", "Deployment"}, {"spec", {{"replicas", 1}, {"template", {{"spec", podSpec}}}}}};
}

json privilegedPod(bool privileged) {
  json pod = test::podObject("nginx:1.25");
  pod["spec"]["containers"][0]["securityContext"] = {{"privileged", privileged}};
  return pod;
}

json hostPathPod(const std::string& path) {
  return test::podObject("nginx", {{"volumes", {{{"name", "h"}, {"hostPath", {{"path", path}}}}}}});
}

json binding(const std::string& role) {
  return {{"kind", "RoleBinding"},
          {"roleRef", {{"kind", "ClusterRole"}, {"name", role}}},
          {"subjects", {{{"kind", "User"}, {"name", "mallory"}}}}};
}

json role(const json& verbs, const json& resources) {
  return {{"kind", "ClusterRole"}, {"rules", {{{"verbs", verbs}, {"resources", resources}}}}};
}

json service(const std::string& type) {
  return {{"kind", "Service"}, {"spec", {{"type", type}, {"ports", {{{"port", 443}}}}}}};
}

json twoImages(const std::string& a, const std::string& b) {
  json pod = test::podObject(a);
  pod["spec"]["containers"].push_back({{"name", "d"}, {"image", b}});
  return pod;
}

}  // namespace

TEST_CASE("each Kubernetes rule fires on its crafted event and not on the near misses") {
  Crafted c;
  // Exec and attach; reading logs is not.
  c.add("alice", "create", "pods", "default", "web-1", 101, nullptr, "exec");
  c.add("alice", "get", "pods", "default", "web-1", 200, nullptr, "log");
  // Privileged, in a pod; privileged: false is not.
  c.add("alice", "create", "pods", "default", "", 201, privilegedPod(true));
  c.add("alice", "create", "pods", "default", "", 201, privilegedPod(false));
  // Sensitive host paths, in a Deployment's template; /data, /etcd-backup and /rootfs are not.
  c.add("alice", "create", "deployments", "default", "d1", 201,
        workload(hostPathPod("/var/run/docker.sock")["spec"]));
  c.add("alice", "create", "pods", "default", "", 201, hostPathPod("/"));
  c.add("alice", "create", "pods", "default", "", 201, hostPathPod("/proc/"));
  c.add("alice", "create", "pods", "default", "", 201, hostPathPod("/data/cache"));
  c.add("alice", "create", "pods", "default", "", 201, hostPathPod("/etcd-backup"));
  c.add("alice", "create", "pods", "default", "", 201, hostPathPod("/rootfs"));
  // Host network; false is not.
  c.add("alice", "create", "pods", "default", "", 201,
        test::podObject("nginx", {{"hostNetwork", true}}));
  c.add("alice", "create", "pods", "default", "", 201,
        test::podObject("nginx", {{"hostNetwork", false}}));
  // cluster-admin bound; view is not.
  c.add("alice", "create", "rolebindings", "default", "b1", 201, binding("cluster-admin"));
  c.add("alice", "create", "clusterrolebindings", "", "b2", 201, binding("view"));
  // Wildcard verbs, wildcard resources; a plain role is not.
  c.add("alice", "create", "clusterroles", "", "r1", 201, role({"*"}, {"pods"}));
  c.add("alice", "update", "clusterroles", "", "r2", 200, role({"get"}, {"*"}));
  c.add("alice", "create", "clusterroles", "", "r3", 201, role({"get", "list"}, {"pods"}));
  // Anonymous success; denied is not.
  c.add("system:anonymous", "get", "namespaces", "", "", 200);
  c.add("system:anonymous", "get", "namespaces", "", "", 403);
  // kube-system changed by a person; by a system service account, or only read, is not.
  c.add("bob", "patch", "configmaps", "kube-system", "coredns", 200, json::object());
  c.add("system:serviceaccount:kube-system:generic-garbage-collector", "delete", "configmaps",
        "kube-system", "old", 200);
  c.add("bob", "get", "configmaps", "kube-system", "coredns", 200);
  // Events deleted; created is not.
  c.add("bob", "delete", "events", "default", "e1", 200);
  c.add("bob", "create", "events", "default", "e2", 201);
  // The dashboard as a LoadBalancer; as ClusterIP, or nginx as NodePort, is not.
  c.add("bob", "create", "services", "kubernetes-dashboard", "kubernetes-dashboard", 201,
        service("LoadBalancer"));
  c.add("bob", "create", "services", "kubernetes-dashboard", "kubernetes-dashboard", 201,
        service("ClusterIP"));
  c.add("bob", "create", "services", "default", "nginx", 201, service("NodePort"));
  // A miner (from Docker Hub, so its registry is known).
  c.add("bob", "create", "pods", "default", "", 201, test::podObject("someone/xmrig:6.21"));
  // Unknown registries, alone and beside a known one; well-known registries are not.
  c.add("bob", "create", "pods", "default", "", 201,
        test::podObject("evil.example.com:5000/tool:1"));
  c.add("bob", "create", "pods", "default", "", 201, twoImages("nginx", "registry.evil.io/x:1"));
  c.add("bob", "create", "pods", "default", "", 201,
        twoImages("myacr.azurecr.io/app:1", "mcr.microsoft.com/dotnet/runtime:8.0"));
  c.add("bob", "create", "pods", "default", "", 201,
        twoImages("gcr.io/distroless/static", "quay.io/prometheus/node-exporter"));
  c.add("bob", "create", "pods", "default", "", 201,
        twoImages("registry.k8s.io/pause:3.9", "123456789012.dkr.ecr.eu-west-1.amazonaws.com/a"));

  test::TempDir dir;
  test::writeFile(dir / "audit.jsonl", c.lines);
  auto d = test::detectK8s(dir, {dir / "audit.jsonl"});
  INFO(d.err);
  INFO(d.alerts.dump(1));
  CHECK(test::eventsPerRule(d.alerts) == std::map<std::string, int>{
                                             {"k8s.pod.exec", 1},
                                             {"k8s.pod.privileged", 1},
                                             {"k8s.pod.sensitive-mount", 3},
                                             {"k8s.pod.host-network", 1},
                                             {"k8s.rbac.cluster-admin-binding", 1},
                                             {"k8s.rbac.wildcard-role", 2},
                                             {"k8s.anonymous.request", 1},
                                             {"k8s.kube-system.change", 1},
                                             {"k8s.events.deleted", 1},
                                             {"k8s.dashboard.exposed", 1},
                                             {"k8s.image.crypto-miner", 1},
                                             {"k8s.image.unknown-registry", 2},
                                         });
  CHECK(test::entityValues(d.alerts, "k8s.pod.sensitive-mount", "host_paths") ==
        std::set<std::string>{"/var/run/docker.sock", "/", "/proc"});
  CHECK(test::entityValues(d.alerts, "k8s.image.unknown-registry", "images") ==
        std::set<std::string>{"evil.example.com:5000/tool:1", "nginx,registry.evil.io/x:1"});
  CHECK(test::entityValues(d.alerts, "k8s.kube-system.change", "user") ==
        std::set<std::string>{"bob"});
  for (const auto& a : d.alerts) {
    INFO(a["rule"]);
    CHECK(!a["mitre"]["tactic"].get<std::string>().empty());
    CHECK(!a["mitre"]["technique"].get<std::string>().empty());
  }
}
