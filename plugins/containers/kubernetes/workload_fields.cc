#include "kubernetes/workload_fields.h"

#include <bulwark/sdk/text.hpp>

namespace bulwark::containers::kubernetes {
namespace {

using sdk::Json;

const Json* member(const Json& object, const char* name) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(name);
  return it == object.end() ? nullptr : &*it;
}

bool isTrue(const Json* v) {
  return v != nullptr && v->is_boolean() && v->get<bool>();
}

void append(std::string& list, std::string_view item) {
  if (item.empty()) return;
  if (!list.empty()) list += ',';
  list += item;
}

// The pod spec of a Pod, a workload's template or a CronJob's job template; or nullptr.
const Json* podSpec(const Json& object) {
  const Json* spec = member(object, "spec");
  if (spec == nullptr || !spec->is_object()) return nullptr;
  if (member(*spec, "containers") != nullptr) return spec;
  const Json* holder = spec;
  if (const Json* job = member(*spec, "jobTemplate"); job != nullptr) {
    holder = member(*job, "spec");
    if (holder == nullptr) return nullptr;
  }
  const Json* tmpl = member(*holder, "template");
  if (tmpl == nullptr) return nullptr;
  const Json* inner = member(*tmpl, "spec");
  return inner != nullptr && inner->is_object() ? inner : nullptr;
}

void addPodFields(const Json& spec, FieldList& out) {
  std::string images, registries, hostPaths;
  bool privileged = false;
  for (const char* list : {"initContainers", "containers", "ephemeralContainers"}) {
    const Json* containers = member(spec, list);
    if (containers == nullptr || !containers->is_array()) continue;
    for (const Json& c : *containers) {
      const Json* image = member(c, "image");
      if (image != nullptr && image->is_string()) {
        append(images, image->get_ref<const std::string&>());
        append(registries, imageRegistry(image->get_ref<const std::string&>()));
      }
      const Json* context = member(c, "securityContext");
      if (context != nullptr && isTrue(member(*context, "privileged"))) privileged = true;
    }
  }
  if (const Json* volumes = member(spec, "volumes"); volumes != nullptr && volumes->is_array()) {
    for (const Json& v : *volumes) {
      const Json* host = member(v, "hostPath");
      const Json* path = host == nullptr ? nullptr : member(*host, "path");
      if (path == nullptr || !path->is_string()) continue;
      std::string p = path->get<std::string>();
      while (p.size() > 1 && p.back() == '/')
        p.pop_back();
      append(hostPaths, p);
    }
  }
  if (privileged) out.emplace_back("privileged", "true");
  if (isTrue(member(spec, "hostNetwork"))) out.emplace_back("host_network", "true");
  if (!hostPaths.empty()) out.emplace_back("host_paths", hostPaths);
  if (!images.empty()) out.emplace_back("images", images);
  if (!registries.empty()) out.emplace_back("registries", registries);
}

void addRoleFields(const Json& object, FieldList& out) {
  if (const Json* ref = member(object, "roleRef"); ref != nullptr) {
    const Json* name = member(*ref, "name");
    const Json* kind = member(*ref, "kind");
    if (name != nullptr && name->is_string())
      out.emplace_back("role_ref", name->get<std::string>());
    if (kind != nullptr && kind->is_string())
      out.emplace_back("role_ref_kind", kind->get<std::string>());
  }
  const Json* rules = member(object, "rules");
  if (rules == nullptr || !rules->is_array()) return;
  std::string verbs, resources;
  for (const Json& rule : *rules) {
    for (auto [name, list] : {std::pair{"verbs", &verbs}, std::pair{"resources", &resources}}) {
      const Json* items = member(rule, name);
      if (items == nullptr || !items->is_array()) continue;
      for (const Json& item : *items) {
        if (item.is_string()) append(*list, item.get_ref<const std::string&>());
      }
    }
  }
  if (!verbs.empty()) out.emplace_back("rule_verbs", verbs);
  if (!resources.empty()) out.emplace_back("rule_resources", resources);
}

}  // namespace

std::string imageRegistry(std::string_view image) {
  size_t slash = image.find('/');
  if (slash == std::string_view::npos) return "docker.io";
  std::string first = sdk::lower(image.substr(0, slash));
  bool host = first.find('.') != std::string::npos || first.find(':') != std::string::npos ||
              first == "localhost";
  if (!host || first == "index.docker.io" || first == "registry-1.docker.io") return "docker.io";
  return first;
}

FieldList workloadFields(const Json& requestObject) {
  FieldList out;
  if (!requestObject.is_object()) return out;
  if (const Json* spec = podSpec(requestObject); spec != nullptr) addPodFields(*spec, out);
  addRoleFields(requestObject, out);
  const Json* spec = member(requestObject, "spec");
  const Json* type = spec == nullptr ? nullptr : member(*spec, "type");
  if (type != nullptr && type->is_string())
    out.emplace_back("service_type", type->get<std::string>());
  return out;
}

}  // namespace bulwark::containers::kubernetes
