#include "kubernetes/k8s_detect.h"

#include <catch2/catch.hpp>

namespace bulwark::test {

using nlohmann::json;

K8sDetection detectK8s(const TempDir& dir, const std::vector<fs::path>& paths) {
  fs::path config = writeConfig(dir, {{"containers", ""}}, {});
  std::vector<std::string> args = {"detect",     "--config", config.string(),
                                   "--no-store", "--format", "json"};
  for (const auto& p : paths) {
    args.push_back("--source");
    args.push_back("k8s-audit:" + p.string());
  }
  RunResult r = runBulwark(args);
  INFO(r.err);
  REQUIRE(r.exitCode == 0);
  return {json::parse(r.out), r.err};
}

std::map<std::string, int> eventsPerRule(const json& alerts) {
  std::map<std::string, int> out;
  for (const auto& a : alerts)
    out[a["rule"].get<std::string>()] += a["eventCount"].get<int>();
  return out;
}

std::set<std::string> entityValues(const json& alerts, const std::string& rule,
                                   const std::string& entity) {
  std::set<std::string> out;
  for (const auto& a : alerts) {
    if (a["rule"] != rule) continue;
    for (const auto& e : a["entities"]) {
      if (e["type"] == entity) out.insert(e["value"].get<std::string>());
    }
  }
  return out;
}

json auditEvent(const std::string& time, const std::string& user, const std::string& verb,
                const std::string& resource, const std::string& ns, const std::string& name,
                int code, const json& request, const std::string& subresource) {
  json ref = {{"resource", resource}, {"apiVersion", "v1"}};
  if (!ns.empty()) ref["namespace"] = ns;
  if (!name.empty()) ref["name"] = name;
  if (!subresource.empty()) ref["subresource"] = subresource;
  std::string uri = "/api/v1/" + (ns.empty() ? "" : "namespaces/" + ns + "/") + resource +
                    (name.empty() ? "" : "/" + name);
  json e = {{"kind", "Event"},
            {"apiVersion", "audit.k8s.io/v1"},
            {"level", "RequestResponse"},
            {"auditID", "id-" + time + "-" + verb + "-" + resource},
            {"stage", "ResponseComplete"},
            {"requestURI", uri},
            {"verb", verb},
            {"user", {{"username", user}, {"groups", {"system:authenticated"}}}},
            {"sourceIPs", {"10.0.0.7"}},
            {"userAgent", "kubectl/v1.29.0"},
            {"objectRef", ref},
            {"responseStatus", {{"metadata", json::object()}, {"code", code}}},
            {"requestReceivedTimestamp", time},
            {"stageTimestamp", time}};
  if (!request.is_null()) e["requestObject"] = request;
  return e;
}

json podObject(const std::string& image, const json& spec) {
  json pod = {{"kind", "Pod"},
              {"apiVersion", "v1"},
              {"metadata", {{"name", "p"}}},
              {"spec", {{"containers", {{{"name", "c"}, {"image", image}}}}}}};
  for (auto it = spec.begin(); it != spec.end(); ++it)
    pod["spec"][it.key()] = it.value();
  return pod;
}

}  // namespace bulwark::test
