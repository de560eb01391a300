// `bulwark detect` with the containers plugin enabled over Kubernetes audit logs, crafted
// audit events and what the alerts say, for the kubernetes-threats tests.
#pragma once

#include <nlohmann/json.hpp>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "support/test_support.h"

namespace bulwark::test {

struct K8sDetection {
  nlohmann::json alerts;  // --format json
  std::string err;        // the summary and the "file:line: skipped: why" lines
};

// Runs detect over k8s-audit:PATH for each of `paths` with only the containers plugin
// enabled; REQUIREs exit code 0.
K8sDetection detectK8s(const TempDir& dir, const std::vector<fs::path>& paths);

// Events alerted per rule: the alerts' eventCount summed (alerts of one group merge).
std::map<std::string, int> eventsPerRule(const nlohmann::json& alerts);

// The values of entity `entity` over the alerts of `rule`.
std::set<std::string> entityValues(const nlohmann::json& alerts, const std::string& rule,
                                   const std::string& entity);

// An audit.k8s.io Event at `time` (ISO 8601): `verb` on RESOURCE[/SUBRESOURCE] named `name`
// in `ns` ("" for cluster scope) by `user`, answered `code`, with `request` as requestObject
// unless it is null.
nlohmann::json auditEvent(const std::string& time, const std::string& user, const std::string& verb,
                          const std::string& resource, const std::string& ns,
                          const std::string& name, int code,
                          const nlohmann::json& request = nullptr,
                          const std::string& subresource = "");

// A Pod object with one container running `image` and `spec` merged into its spec.
nlohmann::json podObject(const std::string& image,
                         const nlohmann::json& spec = nlohmann::json::object());

}  // namespace bulwark::test
