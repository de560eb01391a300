// The k8s-audit event source (moved from the kernel into the containers plugin): AKS
// diagnostic settings' records, a line cut in half, the fields the alerts carry, and the
// kubernetes-secret-reads UEBA activity.
#include <catch2/catch.hpp>

#include "kubernetes/k8s_detect.h"

using namespace bulwark;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

json execEvent(const std::string& time) {
  return test::auditEvent(time, "alice", "create", "pods", "shop", "web-1", 101, nullptr, "exec");
}

json adminBinding(const std::string& time) {
  json request = {{"kind", "ClusterRoleBinding"},
                  {"roleRef", {{"kind", "ClusterRole"}, {"name", "cluster-admin"}}}};
  return test::auditEvent(time, "bob", "create", "clusterrolebindings", "", "everyone", 201,
                          request);
}

json wrapped(const std::string& category, const json& event) {
  return {{"time", "2026-12-01T10:00:00Z"},
          {"category", category},
          {"resourceId",
           "/SUBSCRIPTIONS/S/RESOURCEGROUPS/RG/PROVIDERS/MICROSOFT.CONTAINERSERVICE/"
           "MANAGEDCLUSTERS/AKS1"},
          {"properties", {{"log", event.dump()}, {"stream", "stdout"}, {"pod", "kube-apiserver"}}}};
}

}  // namespace

TEST_CASE("AKS diagnostic settings' kube-audit and kube-audit-admin records are unwrapped") {
  test::TempDir dir;
  // One {"records": [...]} per line, as storage exports write them; a record whose log is
  // not JSON is reported and the others read.
  json records = {{"records",
                   {wrapped("kube-audit", execEvent("2026-12-01T10:00:00Z")),
                    {{"category", "kube-audit-admin"}, {"properties", {{"log", "{not json"}}}},
                    wrapped("kube-audit-admin", adminBinding("2026-12-01T10:01:00Z"))}}};
  test::writeFile(dir / "lines.json", records.dump() + "\n");
  // The same as one document spread over lines.
  json document = {{"records", {wrapped("kube-audit", execEvent("2026-12-01T11:00:00Z"))}}};
  test::writeFile(dir / "document.json", document.dump(2) + "\n");

  auto d = test::detectK8s(dir, {dir / "lines.json", dir / "document.json"});
  INFO(d.err);
  CHECK(test::eventsPerRule(d.alerts) ==
        std::map<std::string, int>{{"k8s.pod.exec", 2}, {"k8s.rbac.cluster-admin-binding", 1}});
  CHECK(d.err.find("lines.json:1: skipped: kube-audit-admin record whose properties.log is not "
                   "a JSON object") != std::string::npos);
  bool sawExec = false;
  for (const auto& a : d.alerts) {
    if (a["rule"] != "k8s.pod.exec") continue;
    sawExec = true;
    CHECK(a["resourceId"] == "/namespaces/shop/pods/web-1/exec");
  }
  CHECK(sawExec);
  CHECK(test::entityValues(d.alerts, "k8s.pod.exec", "user") == std::set<std::string>{"alice"});
}

TEST_CASE("a Kubernetes audit line cut in half is reported by file and line, the rest read") {
  test::TempDir dir;
  std::string cut = adminBinding("2026-12-01T10:01:00Z").dump();
  cut.resize(cut.size() / 2);
  test::writeFile(dir / "audit.log", execEvent("2026-12-01T10:00:00Z").dump() + "\n" + cut + "\n" +
                                         "{\"kind\": \"Policy\"}\n" +
                                         execEvent("2026-12-01T12:00:00Z").dump() + "\n");
  auto d = test::detectK8s(dir, {dir / "audit.log"});
  INFO(d.err);
  CHECK(d.err.find("audit.log:2: skipped: not a JSON Kubernetes audit event") != std::string::npos);
  CHECK(d.err.find("audit.log:3: skipped: not a Kubernetes audit Event") != std::string::npos);
  CHECK(test::eventsPerRule(d.alerts) == std::map<std::string, int>{{"k8s.pod.exec", 2}});
}

TEST_CASE("secrets read in a new namespace or from a new address by a user are UEBA anomalies") {
  test::TempDir dir;
  std::string lines;
  auto read = [&](int day, const std::string& user, const std::string& verb, const std::string& ns,
                  const std::string& ip, const std::string& resource) {
    char time[32];
    std::snprintf(time, sizeof time, "2026-11-%02dT09:00:00Z", day);
    json e =
        test::auditEvent(time, user, verb, resource, ns, verb == "get" ? "db-password" : "", 200);
    e["sourceIPs"] = {ip};
    lines += e.dump() + "\n";
  };
  for (int day = 1; day <= 20; ++day) {
    read(day, "alice", "list", "shop", "10.0.0.7", "secrets");
    read(day, "carol", "get", "shop", "10.0.0.9", "pods");
  }
  read(21, "alice", "list", "shop", "10.0.0.7", "secrets");        // as always
  read(22, "alice", "get", "kube-system", "10.0.0.7", "secrets");  // a namespace never read
  read(23, "alice", "list", "shop", "203.0.113.9", "secrets");     // a new address
  read(24, "carol", "get", "shop", "198.51.100.4", "pods");        // not a secret read
  test::writeFile(dir / "audit.jsonl", lines);
  auto d = test::detectK8s(dir, {dir / "audit.jsonl"});
  INFO(d.err);
  INFO(d.alerts.dump(1));
  CHECK(test::eventsPerRule(d.alerts) ==
        std::map<std::string, int>{{"ueba.k8s.secrets-unusual-reader", 1},
                                   {"ueba.k8s.secrets-read-new-address", 1}});
  for (const auto& a : d.alerts) {
    std::string text = a["description"].get<std::string>();
    INFO(text);
    CHECK(text.find("alice") != std::string::npos);
    if (a["rule"] == "ueba.k8s.secrets-unusual-reader")
      CHECK(text.find("get secrets in kube-system") != std::string::npos);
    else
      CHECK(text.find("203.0.113.9") != std::string::npos);
  }
}

TEST_CASE("k8s-audit is found in the plugin folders without a config, as when it was built in") {
  test::TempDir dir;
  test::writeFile(dir / "audit.jsonl", execEvent("2026-12-01T10:00:00Z").dump() + "\n" +
                                           adminBinding("2026-12-01T10:01:00Z").dump() + "\n");
  test::RunResult r = test::runBulwark({"detect", "--config", "", "--no-store", "--format", "json",
                                        "--source", "k8s-audit:" + (dir / "audit.jsonl").string()});
  INFO(r.err);
  REQUIRE(r.exitCode == 0);
  CHECK(r.err.find("2 events, 0 unparsed") != std::string::npos);
  CHECK(json::parse(r.out).empty());  // the plugin is not enabled: its rules do not run
}
