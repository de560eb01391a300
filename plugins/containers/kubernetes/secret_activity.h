// The UEBA activity "kubernetes-secret-reads": get, list and watch of Secrets in the Kubernetes
// audit log (k8s.audit events with secret_access), per user. A user reading secrets in a
// namespace never seen for them, or from an address never seen for them, raises the anomaly
// kinds below once their baseline is learnt.
#pragma once

#include <bulwark/plugin.hpp>

#include <vector>

namespace bulwark::containers::kubernetes {

sdk::ActivityDef secretReadActivity();

std::vector<sdk::AnomalyKindDef> secretReadAnomalyKinds();

}  // namespace bulwark::containers::kubernetes
