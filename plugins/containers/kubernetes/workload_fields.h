// What a Kubernetes audit event's requestObject says that the kubernetes-threats rules test,
// as flat text fields (lists comma-separated, in the order of the object):
//   privileged    "true" when a container, init or ephemeral container asks for privileged
//   host_network  "true" when the pod spec sets hostNetwork
//   host_paths    the hostPath volumes' paths, trailing slashes removed ("/" stays)
//   images        the containers' images as written
//   registries    the registry host of each image: "docker.io" when the reference names none
//                 (nginx, library/nginx, index.docker.io/...), else its first component,
//                 lower-cased, port kept
//   role_ref      a (Cluster)RoleBinding's roleRef.name; role_ref_kind its kind
//   rule_verbs    a (Cluster)Role's verbs over all its rules; rule_resources its resources
//   service_type  a Service's spec.type
// The pod spec is found in a Pod, in a workload's spec.template (Deployment, ReplicaSet,
// DaemonSet, StatefulSet, Job) and in a CronJob's spec.jobTemplate.spec.template.
#pragma once

#include <bulwark/sdk/json.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bulwark::containers::kubernetes {

using FieldList = std::vector<std::pair<std::string_view, std::string>>;

// The fields above that `requestObject` gives (empty ones left out).
FieldList workloadFields(const sdk::Json& requestObject);

// The registry host of an image reference (see registries above).
std::string imageRegistry(std::string_view image);

}  // namespace bulwark::containers::kubernetes
