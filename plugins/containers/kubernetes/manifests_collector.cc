#include "kubernetes/manifests_collector.h"

#include <filesystem>
#include <set>

#include "kubernetes/k8s_settings.h"
#include "kubernetes/k8s_types.h"

namespace bulwark::containers::k8s {
namespace {

using sdk::Json;

Json sourceOf(const ManifestObject& o) {
  Json s = {{"file", o.file}, {"document", o.document}, {"line", o.line}};
  if (o.item >= 0) s["item"] = o.item;
  return s;
}

void collect(const sdk::Context& ctx) {
  for (const ClusterSetting& cluster : clusterSettings(ctx.settings)) {
    ManifestRead read;
    for (const std::string& path : cluster.manifests)
      readManifestPath(path, read);
    std::vector<ManifestNote> notes = read.notes;
    std::vector<Json> docs = clusterResources(cluster.id, read, notes);
    for (const ManifestNote& n : notes) {
      if (n.problem)
        ctx.host.warning("kubernetes manifests: " + n.text());
      else
        ctx.host.info("kubernetes manifests: " + n.text());
    }
    for (const Json& doc : docs) {
      if (ctx.host.cancelled()) return;
      ctx.host.emitResource(doc);
    }
    ctx.host.info("kubernetes manifests: " + std::to_string(docs.size()) + " object(s) of " +
                  cluster.id);
  }
}

}  // namespace

std::vector<Json> clusterResources(const std::string& clusterId, const ManifestRead& read,
                                   std::vector<ManifestNote>& notes) {
  std::vector<Json> out;
  std::set<std::string> seen;
  for (const ManifestObject& o : read.objects) {
    std::string kind = sdk::textAt(o.doc, "kind");
    const KindInfo* info = kindInfo(kind);
    std::string where = o.item >= 0 ? " (item " + std::to_string(o.item) + " of the List)" : "";
    if (info == nullptr) {
      notes.push_back({o.file, o.document, o.line,
                       "kind " + kind + where + " is not assessed; skipped", false});
      continue;
    }
    std::string name = sdk::textAt(o.doc, "metadata.name");
    if (name.empty()) {
      name =
          std::filesystem::path(o.file).stem().string() + "-document-" + std::to_string(o.document);
      notes.push_back({o.file, o.document, o.line,
                       kind + where + " has no metadata.name; named " + name, false});
    }
    std::string ns = sdk::textAt(o.doc, "metadata.namespace");
    std::string id = clusterId;
    if (info->namespaced) id += "/namespaces/" + (ns.empty() ? std::string("default") : ns);
    id += std::string("/") + info->plural + "/" + name;
    if (!seen.insert(sdk::lower(id)).second) {
      notes.push_back({o.file, o.document, o.line,
                       kind + " " + name + where + " is defined again; the first one is kept"});
      continue;
    }
    Json props = {{"cluster", clusterId},
                  {"kind", kind},
                  {"apiVersion", sdk::textAt(o.doc, "apiVersion")},
                  {"manifest", o.doc},
                  {"source", sourceOf(o)}};
    if (info->namespaced) {
      props["namespace"] = ns.empty() ? "default" : ns;
      props["namespaceSet"] = !ns.empty();
    }
    out.push_back({{"id", id}, {"name", name}, {"type", info->type}, {"properties", props}});
  }
  return out;
}

sdk::CollectorDef manifestsCollector() {
  return {"kubernetes-manifests",
          "Kubernetes workloads (Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, "
          "CronJob) and RBAC objects from the manifests of the kubernetes.clusters setting: YAML "
          "(multi-document, Helm-rendered), JSON and kind: List",
          {kWorkloadType, kRbacType},
          collect};
}

}  // namespace bulwark::containers::k8s
