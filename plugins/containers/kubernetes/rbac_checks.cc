#include "kubernetes/rbac_checks.h"

#include <string>

namespace bulwark::containers::k8s {
namespace {

using sdk::Json;

bool contains(const Json& rule, const char* list, const std::string& word) {
  for (const Json* v : sdk::arrayAt(rule, list))
    if (sdk::asText(v).value_or("") == word) return true;
  return false;
}

}  // namespace

std::vector<Json> wildcardRuleFindings(const Json& manifest) {
  std::vector<Json> out;
  std::vector<const Json*> rules = sdk::arrayAt(manifest, "rules");
  for (size_t i = 0; i < rules.size(); ++i) {
    for (const char* list : {"verbs", "resources", "apiGroups"}) {
      if (contains(*rules[i], list, "*"))
        out.push_back({{"field", "rules[" + std::to_string(i) + "]." + list}, {"value", "*"}});
    }
  }
  return out;
}

std::vector<Json> clusterAdminBindingFindings(const Json& manifest) {
  if (sdk::textAt(manifest, "roleRef.name") != "cluster-admin" ||
      sdk::textAt(manifest, "roleRef.kind") != "ClusterRole")
    return {};
  Json subjects = Json::array();
  for (const Json* s : sdk::arrayAt(manifest, "subjects"))
    subjects.push_back(sdk::textAt(*s, "kind") + " " + sdk::textAt(*s, "name"));
  return {{{"field", "roleRef.name"}, {"value", "cluster-admin"}, {"subjects", subjects}}};
}

std::vector<Json> secretsAccessFindings(const Json& manifest) {
  std::vector<Json> out;
  std::vector<const Json*> rules = sdk::arrayAt(manifest, "rules");
  for (size_t i = 0; i < rules.size(); ++i) {
    bool secrets = contains(*rules[i], "resources", "secrets");
    bool core = sdk::arrayAt(*rules[i], "apiGroups").empty() ||
                contains(*rules[i], "apiGroups", "") || contains(*rules[i], "apiGroups", "*");
    if (!secrets || !core) continue;
    for (const char* verb : {"get", "list", "watch", "*"}) {
      if (contains(*rules[i], "verbs", verb)) {
        out.push_back({{"field", "rules[" + std::to_string(i) + "].verbs"},
                       {"value", verb},
                       {"resource", "secrets"}});
        break;
      }
    }
  }
  return out;
}

}  // namespace bulwark::containers::k8s
