// The `kubernetes-manifests` collector: the workloads and RBAC objects of the manifests of each
// cluster of the `kubernetes` setting, one resource each (see k8s_types.h). Problems with the
// input (not YAML, unrendered Helm templates, empty documents, unknown kinds) are logged as
// warnings naming the file, line and document; the rest is still collected.
#pragma once

#include <bulwark/plugin.hpp>

#include <string>
#include <vector>

#include "kubernetes/manifest_reader.h"

namespace bulwark::containers::k8s {

sdk::CollectorDef manifestsCollector();

// The resource documents for one cluster's objects; notes get what is skipped and why.
std::vector<sdk::Json> clusterResources(const std::string& clusterId, const ManifestRead& read,
                                        std::vector<ManifestNote>& notes);

}  // namespace bulwark::containers::k8s
