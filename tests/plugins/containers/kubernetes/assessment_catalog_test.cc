// The catalogue of Kubernetes assessments as the scan report lists it: at least 20, each with a
// remediation and a quick fix, mapped to a Pod Security Standards level or a CIS Kubernetes
// control, and the Azure Policy built-ins they mirror are Kubernetes data-plane built-ins of the
// corpus.
#include <catch2/catch.hpp>

#include <fstream>

#include "k8s_scan.h"

using namespace bulwark;
using nlohmann::json;
namespace fs = std::filesystem;

TEST_CASE("kubernetes: every assessment has a fix and a PSS or CIS mapping") {
  test::TempDir dir;
  auto scan = test::k8s::scanKubernetes(dir, json::object());
  INFO(scan.err);
  REQUIRE(scan.exitCode == 0);
  std::map<std::string, json> k8s;
  for (const auto& a : scan.report["assessments"])
    if (a["id"].get<std::string>().rfind("containers.k8s-", 0) == 0) k8s[a["id"]] = a;
  CHECK(k8s.size() >= 20);
  size_t mapped = 0, pss = 0, cis = 0;
  for (const auto& [id, a] : k8s) {
    INFO(id);
    CHECK_FALSE(a.value("title", "").empty());
    CHECK_FALSE(a.value("remediation", "").empty());
    CHECK_FALSE(a.value("quickFix", "").empty());
    CHECK_FALSE(a.value("control", "").empty());
    bool any = false;
    for (const auto& c : a.value("compliance", json::array())) {
      std::string standard = c["standard"];
      if (standard == "Pod Security Standards") {
        CHECK((c["control"] == "baseline" || c["control"] == "restricted"));
        ++pss;
        any = true;
      } else if (standard == "CIS Kubernetes Benchmark v1.8") {
        CHECK_THAT(c["control"].get<std::string>(), Catch::Matches(R"(5\.\d+\.\d+)"));
        ++cis;
        any = true;
      }
    }
    mapped += any ? 1 : 0;
  }
  // Only resource limits and the latest tag have neither a PSS level nor a CIS control.
  CHECK(mapped == k8s.size() - 2);
  CHECK(pss >= 12);
  CHECK(cis >= 18);

  fs::path corpus = test::corpusOrSkip("kubernetes built-ins");
  if (corpus.empty()) return;
  std::map<std::string, json> builtins;  // name -> properties
  for (const auto& e :
       fs::directory_iterator(corpus / "azure-policy" / "policyDefinitions" / "Kubernetes")) {
    std::ifstream in(e.path());
    json d = json::parse(in, nullptr, false);
    if (d.is_object() && d.contains("name")) builtins[d["name"]] = d["properties"];
  }
  size_t mirrored = 0;
  for (const auto& [id, a] : k8s) {
    std::string policy = a.value("policyDefinitionId", "");
    if (policy.empty()) continue;
    INFO(id << " mirrors " << policy);
    std::string name = policy.substr(policy.rfind('/') + 1);
    REQUIRE(builtins.count(name) == 1);
    CHECK(builtins[name]["mode"] == "Microsoft.Kubernetes.Data");
    ++mirrored;
  }
  CHECK(mirrored >= 20);
}
