#include "kubernetes/pod_spec.h"

namespace bulwark::containers::k8s {

PodView podView(const sdk::Json& manifest, const std::string& kind) {
  PodView view;
  std::string base = kind == "Pod"       ? ""
                     : kind == "CronJob" ? "spec.jobTemplate.spec.template."
                                         : "spec.template.";
  view.specPath = base + "spec";
  view.spec = sdk::at(manifest, view.specPath);
  view.metadataPath = base + "metadata";
  view.metadata = sdk::at(manifest, view.metadataPath);
  if (view.spec == nullptr || !view.spec->is_object()) {
    view.spec = nullptr;
    return view;
  }
  for (const char* list : {"containers", "initContainers", "ephemeralContainers"}) {
    const sdk::Json* items = sdk::findMember(*view.spec, list);
    if (items == nullptr || !items->is_array()) continue;
    for (size_t i = 0; i < items->size(); ++i) {
      const sdk::Json& c = (*items)[i];
      if (!c.is_object()) continue;
      std::string name = sdk::textAt(c, "name");
      view.containers.push_back({&c, name.empty() ? "(unnamed)" : name,
                                 view.specPath + "." + list + "[" + std::to_string(i) + "]"});
    }
  }
  return view;
}

Effective effectiveSecurityField(const PodView& pod, const ContainerRef& c,
                                 const std::string& dottedField) {
  if (const sdk::Json* v = sdk::at(*c.json, "securityContext." + dottedField);
      v != nullptr && !v->is_null())
    return {v, c.path + ".securityContext." + dottedField};
  if (pod.spec != nullptr) {
    if (const sdk::Json* v = sdk::at(*pod.spec, "securityContext." + dottedField);
        v != nullptr && !v->is_null())
      return {v, pod.specPath + ".securityContext." + dottedField};
  }
  return {};
}

}  // namespace bulwark::containers::k8s
