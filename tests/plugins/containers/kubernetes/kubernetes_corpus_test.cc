// The kubernetes-threats pack over Falco's real audit events (logs/k8s-audit-falco: one
// action per file, named after it). The expected alerts are worked out here from the file
// names and the events' own user, never from the source or the engine: each firing file is
// named below, every other file is a negative, and fal_01_003.json ({"kind": 0}) must be
// reported by file and line without stopping the read.
#include <catch2/catch.hpp>

#include <fstream>
#include <map>

#include "kubernetes/k8s_detect.h"

using namespace bulwark;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

struct CorpusEvent {
  std::string file;
  json event;
};

std::vector<CorpusEvent> eventsOf(const fs::path& folder) {
  std::vector<CorpusEvent> out;
  for (const auto& entry : fs::directory_iterator(folder)) {
    std::ifstream in(entry.path());
    for (std::string line; std::getline(in, line);) {
      json e = json::parse(line, nullptr, false);
      if (e.is_object() && e.value("kind", json()) == "Event")
        out.push_back({entry.path().filename().string(), e});
    }
  }
  return out;
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// The rules an event of `file` must raise, from the file name (what Falco's test did).
std::vector<std::string> expectedRules(const std::string& file, const json& event) {
  std::vector<std::string> rules;
  std::string user = event["user"].value("username", "");
  if (file == "exec_pod.json" || file == "attach_pod.json") rules.push_back("k8s.pod.exec");
  if (has(file, "_privileged")) rules.push_back("k8s.pod.privileged");
  if (has(file, "_sensitive_mount")) rules.push_back("k8s.pod.sensitive-mount");
  if (has(file, "_hostnetwork")) rules.push_back("k8s.pod.host-network");
  if (file == "attach_cluster_admin_role.json") rules.push_back("k8s.rbac.cluster-admin-binding");
  if (has(file, "cluster_role_wildcard_")) rules.push_back("k8s.rbac.wildcard-role");
  if (has(file, "anonymous_")) rules.push_back("k8s.anonymous.request");
  if (has(file, "kube_system") && user.rfind("system:", 0) != 0)
    rules.push_back("k8s.kube-system.change");
  return rules;
}

}  // namespace

TEST_CASE("the Kubernetes rules over the Falco audit events raise what the file names say") {
  fs::path corpus = test::corpusOrSkip("the Kubernetes rules over k8s-audit-falco");
  if (corpus.empty()) return;
  fs::path folder = corpus / "logs" / "k8s-audit-falco" / "events";
  auto events = eventsOf(folder);
  REQUIRE(events.size() == 51);  // the README's count: all_events.jsonl holds them all

  std::map<std::string, int> expected;
  std::set<std::string> negatives;
  for (const auto& [file, event] : events) {
    auto rules = expectedRules(file, event);
    for (const auto& r : rules)
      ++expected[r];
    if (rules.empty()) negatives.insert(file);
  }
  // What the names promise: 3 privileged files, 2 sensitive mounts, exec and attach, ...
  CHECK(expected["k8s.pod.privileged"] == 3);
  CHECK(expected["k8s.pod.sensitive-mount"] == 2);
  CHECK(expected["k8s.pod.exec"] == 2);
  CHECK(expected["k8s.rbac.wildcard-role"] == 2);
  CHECK(expected["k8s.kube-system.change"] == 2);  // admin's secret, minikube-user's account

  test::TempDir dir;
  auto d = test::detectK8s(dir, {folder});
  INFO(d.err);
  CHECK(test::eventsPerRule(d.alerts) == expected);
  CHECK(test::entityValues(d.alerts, "k8s.pod.sensitive-mount", "host_paths") ==
        std::set<std::string>{"/etc"});
  CHECK(test::entityValues(d.alerts, "k8s.rbac.cluster-admin-binding", "role_ref") ==
        std::set<std::string>{"cluster-admin"});
  CHECK(test::entityValues(d.alerts, "k8s.anonymous.request", "ip") ==
        std::set<std::string>{"192.168.99.1"});
  // The malformed file is reported by file and line, and the read went on. It has no final
  // newline, so the SDK's line framing reports it as a record the file ends inside.
  CHECK(has(d.err, "fal_01_003.json:1: skipped: "));
  CHECK(has(d.err, "51 events, 1 unparsed"));

  // The negatives alone (the nginx NodePort Service, ClusterIP services, unprivileged and
  // non-sensitive pods, ordinary roles and bindings, deletions) raise nothing.
  test::TempDir clean;
  fs::create_directories(clean / "events");
  for (const auto& file : negatives)
    fs::copy_file(folder / file, clean / "events" / file);
  CHECK(negatives.size() > 30);
  auto quiet = test::detectK8s(clean, {clean / "events"});
  CHECK(quiet.alerts.empty());
}

TEST_CASE("all_events.jsonl and the events folder give the same alerts") {
  fs::path corpus = test::corpusOrSkip("the k8s-audit source over all_events.jsonl");
  if (corpus.empty()) return;
  fs::path base = corpus / "logs" / "k8s-audit-falco";
  test::TempDir dir;
  auto all = test::detectK8s(dir, {base / "all_events.jsonl"});
  auto folder = test::detectK8s(dir, {base / "events"});
  INFO(all.err);
  CHECK(!all.alerts.empty());
  CHECK(test::eventsPerRule(all.alerts) == test::eventsPerRule(folder.alerts));
  CHECK(!has(all.err, "skipped"));
}
