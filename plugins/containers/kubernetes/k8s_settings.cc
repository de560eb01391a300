#include "kubernetes/k8s_settings.h"

#include <stdexcept>

namespace bulwark::containers::k8s {

std::vector<ClusterSetting> clusterSettings(const sdk::Json& settings) {
  std::vector<ClusterSetting> out;
  const sdk::Json* list = sdk::at(settings, "kubernetes.clusters");
  if (list == nullptr || list->is_null()) return out;
  if (!list->is_array()) throw std::runtime_error("kubernetes.clusters must be a list");
  for (size_t i = 0; i < list->size(); ++i) {
    const sdk::Json& entry = (*list)[i];
    std::string where = "kubernetes.clusters[" + std::to_string(i) + "]";
    if (!entry.is_object()) throw std::runtime_error(where + " must be a mapping");
    ClusterSetting c;
    c.id = sdk::textAt(entry, "id");
    if (c.id.rfind("/subscriptions/", 0) != 0 || c.id.find("/providers/") == std::string::npos)
      throw std::runtime_error(where +
                               ": id must be an ARM-style resource id "
                               "(/subscriptions/S/resourceGroups/G/providers/...)");
    while (c.id.size() > 1 && c.id.back() == '/')
      c.id.pop_back();
    for (const sdk::Json* path : sdk::arrayAt(entry, "manifests")) {
      if (!path->is_string() || path->get<std::string>().empty())
        throw std::runtime_error(where + ": manifests must be non-empty paths");
      c.manifests.push_back(path->get<std::string>());
    }
    if (c.manifests.empty()) throw std::runtime_error(where + ": manifests names no file");
    out.push_back(std::move(c));
  }
  return out;
}

std::optional<std::vector<std::string>> allowedRegistries(const sdk::Json& settings) {
  const sdk::Json* list = sdk::at(settings, "kubernetes.allowed_registries");
  if (list == nullptr || list->is_null()) return std::nullopt;
  std::vector<std::string> out;
  for (const sdk::Json* r : sdk::arrayAt(settings, "kubernetes.allowed_registries"))
    if (r->is_string() && !r->get<std::string>().empty()) out.push_back(r->get<std::string>());
  return out;
}

sdk::Json kubernetesSettingsSchema() {
  return sdk::Json::parse(R"({
    "type": "object",
    "additionalProperties": false,
    "properties": {
      "clusters": {
        "type": "array",
        "items": {
          "type": "object",
          "required": ["id", "manifests"],
          "additionalProperties": false,
          "properties": {
            "id": {"type": "string", "pattern": "^/subscriptions/[^/]+/.*/providers/"},
            "manifests": {"type": "array", "minItems": 1,
                          "items": {"type": "string", "minLength": 1}}
          }
        }
      },
      "allowed_registries": {"type": "array", "items": {"type": "string", "minLength": 1},
                             "description": "registries (host[:port][/path]) images may come from"}
    }
  })");
}

}  // namespace bulwark::containers::k8s
