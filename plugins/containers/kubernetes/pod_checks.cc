#include <algorithm>

#include "kubernetes/workload_checks.h"

namespace bulwark::containers::k8s {
namespace {

using sdk::Json;

Findings podFlag(const PodView& pod, const char* field) {
  const Json* v = sdk::findMember(*pod.spec, field);
  if (sdk::asBool(v).value_or(false))
    return {{{"field", pod.specPath + "." + field}, {"value", true}}};
  return {};
}

std::string normalised(std::string path) {
  while (path.size() > 1 && path.back() == '/')
    path.pop_back();
  return path;
}

Findings hostPaths(const PodView& pod, bool sensitiveOnly) {
  Findings out;
  const Json* volumes = sdk::findMember(*pod.spec, "volumes");
  if (volumes == nullptr || !volumes->is_array()) return out;
  for (size_t i = 0; i < volumes->size(); ++i) {
    const Json* hostPath = sdk::findMember((*volumes)[i], "hostPath");
    if (hostPath == nullptr || hostPath->is_null()) continue;
    std::string path = normalised(sdk::textAt(*hostPath, "path"));
    bool sensitive = isSensitiveHostPath(path);
    if (sensitiveOnly && !sensitive) continue;
    out.push_back({{"volume", sdk::textAt((*volumes)[i], "name")},
                   {"field", pod.specPath + ".volumes[" + std::to_string(i) + "].hostPath.path"},
                   {"value", path},
                   {"sensitive", sensitive}});
  }
  return out;
}

bool allowedSeccomp(const Json* type) {
  std::string t = sdk::asText(type).value_or("");
  return t == "RuntimeDefault" || t == "Localhost";
}

bool allowedSeccompAnnotation(const std::string& value) {
  return value == "runtime/default" || value == "docker/default" ||
         value.rfind("localhost/", 0) == 0;
}

std::string annotation(const PodView& pod, const std::string& name) {
  if (pod.metadata == nullptr) return {};
  const Json* annotations = sdk::findMember(*pod.metadata, "annotations");
  if (annotations == nullptr || !annotations->is_object()) return {};
  auto it = annotations->find(name);
  return it != annotations->end() && it->is_string() ? it->get<std::string>() : std::string{};
}

}  // namespace

bool isSensitiveHostPath(const std::string& path) {
  static const char* kSensitive[] = {"/",
                                     "/etc",
                                     "/root",
                                     "/proc",
                                     "/sys",
                                     "/dev",
                                     "/boot",
                                     "/var/run",
                                     "/run",
                                     "/var/run/docker.sock",
                                     "/run/docker.sock",
                                     "/var/run/containerd",
                                     "/run/containerd",
                                     "/var/run/crio",
                                     "/var/lib/docker",
                                     "/var/lib/containerd",
                                     "/var/lib/kubelet",
                                     "/etc/kubernetes",
                                     "/home"};
  std::string p = normalised(path);
  for (const char* s : kSensitive) {
    std::string base = s;
    if (p == base) return true;
    // Beneath the kubelet's, the runtimes' and the configuration folders is as bad.
    if (base != "/" && base != "/home" && base != "/run" && base != "/var/run" &&
        p.rfind(base + "/", 0) == 0)
      return true;
  }
  return p.find("docker.sock") != std::string::npos ||
         p.find("containerd.sock") != std::string::npos || p.find("crio.sock") != std::string::npos;
}

Findings hostPidFindings(const PodView& pod) {
  return podFlag(pod, "hostPID");
}
Findings hostIpcFindings(const PodView& pod) {
  return podFlag(pod, "hostIPC");
}
Findings hostNetworkFindings(const PodView& pod) {
  return podFlag(pod, "hostNetwork");
}
Findings hostPathFindings(const PodView& pod) {
  return hostPaths(pod, false);
}
Findings sensitiveHostPathFindings(const PodView& pod) {
  return hostPaths(pod, true);
}

Findings hostPortFindings(const PodView& pod) {
  Findings out;
  for (const ContainerRef& c : pod.containers) {
    std::vector<const Json*> ports = sdk::arrayAt(*c.json, "ports");
    for (size_t i = 0; i < ports.size(); ++i) {
      const Json* hostPort = sdk::findMember(*ports[i], "hostPort");
      if (hostPort == nullptr || hostPort->is_null() ||
          (hostPort->is_number() && hostPort->get<double>() == 0))
        continue;
      out.push_back({{"container", c.name},
                     {"field", c.path + ".ports[" + std::to_string(i) + "].hostPort"},
                     {"value", *hostPort}});
    }
  }
  return out;
}

Findings automountTokenFindings(const PodView& pod) {
  const Json* v = sdk::findMember(*pod.spec, "automountServiceAccountToken");
  if (sdk::asBool(v) == false) return {};
  return {{{"field", pod.specPath + ".automountServiceAccountToken"},
           {"value", v == nullptr ? Json("absent (Kubernetes mounts the token)") : *v}}};
}

Findings seccompFindings(const PodView& pod) {
  Findings out;
  std::string podAnnotation = annotation(pod, "seccomp.security.alpha.kubernetes.io/pod");
  for (const ContainerRef& c : pod.containers) {
    Effective e = effectiveSecurityField(pod, c, "seccompProfile.type");
    if (e.value != nullptr) {
      if (!allowedSeccomp(e.value))
        out.push_back({{"container", c.name}, {"field", e.path}, {"value", *e.value}});
      continue;
    }
    std::string a = annotation(pod, "container.seccomp.security.alpha.kubernetes.io/" + c.name);
    if (a.empty()) a = podAnnotation;
    if (!a.empty() && allowedSeccompAnnotation(a)) continue;
    out.push_back({{"container", c.name},
                   {"field", c.path + ".securityContext.seccompProfile.type"},
                   {"value", a.empty() ? Json("absent (the runtime's Unconfined default)")
                                       : Json("annotation " + a)}});
  }
  return out;
}

Findings appArmorFindings(const PodView& pod) {
  Findings out;
  for (const ContainerRef& c : pod.containers) {
    Effective e = effectiveSecurityField(pod, c, "appArmorProfile.type");
    if (e.value != nullptr && sdk::asText(e.value).value_or("") == "Unconfined")
      out.push_back({{"container", c.name}, {"field", e.path}, {"value", *e.value}});
    std::string key = "container.apparmor.security.beta.kubernetes.io/" + c.name;
    if (annotation(pod, key) == "unconfined")
      out.push_back({{"container", c.name},
                     {"field", pod.metadataPath + ".annotations." + key},
                     {"value", "unconfined"}});
  }
  return out;
}

}  // namespace bulwark::containers::k8s
