#include "kubernetes/k8s_types.h"

namespace bulwark::containers::k8s {

const KindInfo* kindInfo(const std::string& kind) {
  static const KindInfo kinds[] = {
      {"Pod", "pods", kWorkloadType, true},
      {"Deployment", "deployments", kWorkloadType, true},
      {"StatefulSet", "statefulsets", kWorkloadType, true},
      {"DaemonSet", "daemonsets", kWorkloadType, true},
      {"ReplicaSet", "replicasets", kWorkloadType, true},
      {"Job", "jobs", kWorkloadType, true},
      {"CronJob", "cronjobs", kWorkloadType, true},
      {"Role", "roles", kRbacType, true},
      {"RoleBinding", "rolebindings", kRbacType, true},
      {"ClusterRole", "clusterroles", kRbacType, false},
      {"ClusterRoleBinding", "clusterrolebindings", kRbacType, false},
  };
  for (const KindInfo& k : kinds)
    if (kind == k.kind) return &k;
  return nullptr;
}

}  // namespace bulwark::containers::k8s
