// The resource types of Kubernetes objects read from manifests, and where each kind goes.
//   Bulwark.Kubernetes/workloads  Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job,
//                                 CronJob
//   Bulwark.Kubernetes/rbac       Role, ClusterRole, RoleBinding, ClusterRoleBinding
// Ids: <cluster id>/namespaces/<ns>/<kind plural>/<name>, or <cluster id>/<kind plural>/<name>
// for cluster-scoped kinds. The document keeps the manifest in properties.manifest and where it
// came from in properties.source {file, document, line[, item]}.
#pragma once

#include <string>

namespace bulwark::containers::k8s {

inline constexpr const char* kWorkloadType = "Bulwark.Kubernetes/workloads";
inline constexpr const char* kRbacType = "Bulwark.Kubernetes/rbac";

struct KindInfo {
  const char* kind;
  const char* plural;
  const char* type;
  bool namespaced;
};

// The kind's entry (exact, case-sensitive as Kubernetes is), or nullptr for kinds not assessed.
const KindInfo* kindInfo(const std::string& kind);

}  // namespace bulwark::containers::k8s
