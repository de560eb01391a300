// The kubernetes workload checks over the real corpus (../shared/corpus/k8s-manifests: polaris
// and kubesec test manifests), one cluster per file: verdicts recomputed here from the YAML
// with yaml-cpp, and the pass/fail each upstream project expects of its files.
#include <yaml-cpp/yaml.h>
#include <catch2/catch.hpp>

#include <algorithm>
#include <vector>

#include "k8s_scan.h"

using namespace bulwark;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

struct CorpusScan {
  fs::path root;
  std::vector<fs::path> files;
  test::k8s::K8sScan scan;
};

std::string clusterName(const fs::path& root, const fs::path& file) {
  std::string name = fs::relative(file, root).string();
  std::replace(name.begin(), name.end(), '/', '-');
  std::replace(name.begin(), name.end(), '.', '-');
  return name;
}

// One scan of the whole corpus for every test case of this file.
const CorpusScan* corpusScan(const test::TempDir& dir) {
  static CorpusScan* scan = nullptr;
  if (scan != nullptr) return scan;
  fs::path corpus = test::corpusOrSkip("kubernetes corpus verdicts");
  if (corpus.empty()) return nullptr;
  scan = new CorpusScan;
  scan->root = corpus / "k8s-manifests";
  json clusters = json::array();
  for (const auto& e : fs::recursive_directory_iterator(scan->root)) {
    std::string ext = e.path().extension().string();
    if (e.is_regular_file() && (ext == ".yaml" || ext == ".yml")) scan->files.push_back(e.path());
  }
  std::sort(scan->files.begin(), scan->files.end());
  for (const auto& f : scan->files)
    clusters.push_back({{"id", test::k8s::kSubscription + clusterName(scan->root, f)},
                        {"manifests", {f.string()}}});
  scan->scan = test::k8s::scanKubernetes(dir, {{"clusters", clusters}});
  return scan;
}

// The member `key` of a mapping, or an undefined node (never throws on shape).
YAML::Node child(const YAML::Node& n, const char* key) {
  if (!n.IsDefined() || !n.IsMap()) return YAML::Node(YAML::NodeType::Undefined);
  for (const auto& kv : n)
    if (kv.first.IsScalar() && kv.first.Scalar() == key) return kv.second;
  return YAML::Node(YAML::NodeType::Undefined);
}

// (Recursive: assigning to a YAML::Node would overwrite the node it refers to.)
YAML::Node pathIn(const YAML::Node& n, const std::vector<const char*>& keys, size_t i = 0) {
  return i == keys.size() ? n : pathIn(child(n, keys[i]), keys, i + 1);
}

bool isTrue(const YAML::Node& n) {
  return n && n.IsScalar() && n.Scalar() == "true";
}
bool isFalse(const YAML::Node& n) {
  return n && n.IsScalar() && n.Scalar() == "false";
}

YAML::Node podSpecOf(const YAML::Node& doc) {
  YAML::Node k = child(doc, "kind");
  std::string kind = k && k.IsScalar() ? k.Scalar() : "";
  if (kind == "Pod") return child(doc, "spec");
  if (kind == "CronJob") return pathIn(doc, {"spec", "jobTemplate", "spec", "template", "spec"});
  if (kind == "Deployment" || kind == "StatefulSet" || kind == "DaemonSet" ||
      kind == "ReplicaSet" || kind == "Job")
    return pathIn(doc, {"spec", "template", "spec"});
  return YAML::Node();
}

std::vector<YAML::Node> containersOf(const YAML::Node& spec) {
  std::vector<YAML::Node> out;
  for (const char* list : {"containers", "initContainers", "ephemeralContainers"})
    if (YAML::Node items = child(spec, list); items && items.IsSequence())
      for (const auto& c : items)
        out.push_back(c);
  return out;
}

// What each check must say of one pod spec, decided from the YAML alone.
std::map<std::string, bool> expectedFailures(const YAML::Node& spec) {
  std::map<std::string, bool> fails;
  fails["containers.k8s-host-pid"] = isTrue(child(spec, "hostPID"));
  fails["containers.k8s-host-ipc"] = isTrue(child(spec, "hostIPC"));
  fails["containers.k8s-host-network"] = isTrue(child(spec, "hostNetwork"));
  fails["containers.k8s-automount-service-account-token"] =
      !isFalse(child(spec, "automountServiceAccountToken"));
  bool hostPath = false;
  if (YAML::Node volumes = child(spec, "volumes"); volumes && volumes.IsSequence())
    for (const auto& v : volumes)
      hostPath = hostPath || (child(v, "hostPath") && !child(v, "hostPath").IsNull());
  fails["containers.k8s-host-path"] = hostPath;
  bool privileged = false, escalation = false, writable = false, keepsCaps = false;
  for (const auto& c : containersOf(spec)) {
    YAML::Node sc = child(c, "securityContext");
    privileged = privileged || isTrue(child(sc, "privileged"));
    escalation = escalation || !isFalse(child(sc, "allowPrivilegeEscalation"));
    writable = writable || !isTrue(child(sc, "readOnlyRootFilesystem"));
    bool dropsAll = false;
    if (YAML::Node drop = pathIn(sc, {"capabilities", "drop"});
        drop.IsDefined() && drop.IsSequence())
      for (const auto& cap : drop)
        dropsAll = dropsAll || (cap.IsScalar() && cap.Scalar() == "ALL");
    keepsCaps = keepsCaps || !dropsAll;
  }
  fails["containers.k8s-privileged"] = privileged;
  fails["containers.k8s-privilege-escalation"] = escalation;
  fails["containers.k8s-read-only-root-filesystem"] = writable;
  fails["containers.k8s-drop-all-capabilities"] = keepsCaps;
  return fails;
}

// The states of `assessment` on every resource read from `file`.
std::vector<std::string> statesOf(const CorpusScan& c, const fs::path& file,
                                  const std::string& assessment) {
  std::vector<std::string> out;
  for (const auto& [source, id] : c.scan.bySource) {
    if (source.first != file.string()) continue;
    auto states = c.scan.states.find(id);
    if (states == c.scan.states.end()) continue;
    auto state = states->second.find(assessment);
    if (state != states->second.end()) out.push_back(state->second);
  }
  return out;
}

}  // namespace

TEST_CASE("kubernetes corpus: verdicts match the manifests read independently with yaml-cpp") {
  static test::TempDir dir;
  const CorpusScan* c = corpusScan(dir);
  if (c == nullptr) return;
  INFO(c->scan.err);
  REQUIRE(c->scan.exitCode == 0);
  REQUIRE(c->files.size() >= 40);
  size_t compared = 0, unhealthy = 0, healthy = 0, workloads = 0;
  for (const auto& file : c->files) {
    std::vector<YAML::Node> docs = YAML::LoadAllFromFile(file.string());
    for (size_t i = 0; i < docs.size(); ++i) {
      YAML::Node spec = docs[i].IsMap() ? podSpecOf(docs[i]) : YAML::Node();
      if (!spec || !spec.IsMap()) continue;
      ++workloads;
      auto range = c->scan.bySource.equal_range({file.string(), static_cast<int>(i + 1)});
      INFO(file.string() << " document " << i + 1);
      REQUIRE(std::distance(range.first, range.second) == 1);
      const auto& states = c->scan.states.at(range.first->second);
      for (const auto& [assessment, fails] : expectedFailures(spec)) {
        INFO(assessment);
        REQUIRE(states.count(assessment) == 1);
        CHECK(states.at(assessment) == (fails ? "Unhealthy" : "Healthy"));
        ++compared;
        (fails ? unhealthy : healthy) += 1;
      }
    }
  }
  // Every workload document of the corpus was judged, both ways.
  CHECK(workloads >= 40);
  CHECK(compared == workloads * 9);
  CHECK(unhealthy > 50);
  CHECK(healthy > 50);
}

TEST_CASE("kubernetes corpus: polaris's failure files fail and its success files pass") {
  static test::TempDir dir;
  const CorpusScan* c = corpusScan(dir);
  if (c == nullptr) return;
  const std::map<std::string, std::string> checks = {
      {"runAsPrivileged", "privileged"},
      {"runAsRootAllowed", "run-as-non-root"},
      {"hostPathSet", "host-path"},
      {"hostNetworkSet", "host-network"},
      {"hostPIDSet", "host-pid"},
      {"hostIPCSet", "host-ipc"},
      {"hostPortSet", "host-ports"},
      {"dangerousCapabilities", "dangerous-capabilities"},
      {"privilegeEscalationAllowed", "privilege-escalation"},
      {"notReadOnlyRootFilesystem", "read-only-root-filesystem"},
      {"procMount", "proc-mount"},
      {"hostProcess", "windows-host-process"},
      {"tagNotSpecified", "image-latest"},
      {"sensitiveContainerEnvVar", "secrets-in-env"},
      {"clusterrolebindingClusterAdmin", "rbac-cluster-admin-binding"},
      {"automountServiceAccountToken", "automount-service-account-token"},
  };
  size_t judged = 0;
  for (const auto& [folder, check] : checks) {
    for (const auto& e : fs::directory_iterator(c->root / "polaris" / folder)) {
      std::string name = e.path().filename().string();
      std::vector<std::string> states = statesOf(*c, e.path(), "containers.k8s-" + check);
      INFO(folder << "/" << name << " by containers.k8s-" << check);
      REQUIRE_FALSE(states.empty());
      bool fails = std::count(states.begin(), states.end(), "Unhealthy") > 0;
      if (name.find("failure") != std::string::npos) {
        CHECK(fails);
      } else {
        CHECK_FALSE(fails);
        CHECK(std::count(states.begin(), states.end(), "Healthy") > 0);
      }
      ++judged;
    }
  }
  CHECK(judged >= 34);
}

TEST_CASE("kubernetes corpus: kubesec's critical findings fail, its passing settings pass") {
  static test::TempDir dir;
  const CorpusScan* c = corpusScan(dir);
  if (c == nullptr) return;
  const std::vector<std::tuple<std::string, std::string, std::string>> expected = {
      {"score-0-cap-sys-admin.yml", "dangerous-capabilities", "Unhealthy"},
      {"score-0-cap-chown.yml", "dangerous-capabilities", "Healthy"},
      {"score-1-cap-drop-all.yml", "drop-all-capabilities", "Healthy"},
      {"score-0-daemonset-host-network.yml", "host-network", "Unhealthy"},
      {"score-0-daemonset-host-pid.yml", "host-pid", "Unhealthy"},
      {"score-0-daemonset-securitycontext-privileged.yml", "privileged", "Unhealthy"},
      {"score-0-daemonset-mount-docker-socket.yml", "sensitive-host-path", "Unhealthy"},
      {"score-0-daemonset-volume-host-docker-socket.yml", "sensitive-host-path", "Unhealthy"},
      {"allowPrivilegeEscalation.yaml", "privilege-escalation", "Unhealthy"},
      {"allowPrivilegeEscalation.yaml", "sensitive-host-path", "Healthy"},  // /mnt/logs
      {"allowPrivilegeEscalation.yaml", "host-path", "Unhealthy"},
      {"score-1-dep-seccon-run-as-non-root.yml", "run-as-non-root", "Healthy"},
      {"score-1-dep-ro-root-fs.yml", "read-only-root-filesystem", "Healthy"},
      {"score-0-statefulset-no-sec.yml", "run-as-non-root", "Unhealthy"},
      {"score-1-pod-automount-sa-set-to-false.yml", "automount-service-account-token", "Healthy"},
      {"score-0-dep-seccomp-unconfined-container.yml", "seccomp", "Unhealthy"},
  };
  for (const auto& [file, check, state] : expected) {
    INFO(file << " by containers.k8s-" << check);
    std::vector<std::string> states =
        statesOf(*c, c->root / "kubesec" / file, "containers.k8s-" + check);
    REQUIRE(states.size() == 1);
    CHECK(states[0] == state);
  }
  // The docker socket is named in the evidence, with the volume's field.
  fs::path socket = c->root / "kubesec" / "score-0-daemonset-mount-docker-socket.yml";
  auto range = c->scan.bySource.equal_range({socket.string(), 1});
  REQUIRE(range.first != range.second);
  const json& result =
      c->scan.results.at(range.first->second).at("containers.k8s-sensitive-host-path");
  CHECK(result["evidence"]["findings"][0]["value"] == "/var/run/docker.sock");
  CHECK_THAT(result["evidence"]["findings"][0]["field"].get<std::string>(),
             Catch::Matches(R"(spec\.template\.spec\.volumes\[\d+\]\.hostPath\.path)"));
}
