// The pod template of a workload manifest and its containers (init and ephemeral included),
// with the manifest paths evidence names them by.
#pragma once

#include <bulwark/plugin.hpp>

#include <string>
#include <vector>

namespace bulwark::containers::k8s {

struct ContainerRef {
  const sdk::Json* json;
  std::string name;
  std::string path;  // e.g. "spec.template.spec.initContainers[0]"
};

struct PodView {
  const sdk::Json* spec = nullptr;      // the pod spec, or nullptr when the manifest has none
  std::string specPath;                 // "spec", "spec.template.spec", ...
  const sdk::Json* metadata = nullptr;  // the pod (template) metadata, may be nullptr
  std::string metadataPath;             // "metadata", "spec.template.metadata", ...
  std::vector<ContainerRef> containers;
};

// Pod: spec; CronJob: spec.jobTemplate.spec.template.spec; other workloads: spec.template.spec.
PodView podView(const sdk::Json& manifest, const std::string& kind);

// A field of a container's securityContext, falling back to the pod's securityContext (for the
// fields Kubernetes inherits), with the path it was found at; nullptr when set nowhere.
struct Effective {
  const sdk::Json* value = nullptr;
  std::string path;
};
Effective effectiveSecurityField(const PodView& pod, const ContainerRef& c,
                                 const std::string& dottedField);

}  // namespace bulwark::containers::k8s
