#include "kubernetes/workload_checks.h"

namespace bulwark::containers::k8s {
namespace {

using sdk::Json;

template <typename Bad>
Findings imageFindings(const PodView& pod, Bad bad) {
  Findings out;
  for (const ContainerRef& c : pod.containers) {
    std::string image = sdk::textAt(*c.json, "image");
    if (std::string why = bad(image, parseImage(image)); !why.empty())
      out.push_back(
          {{"container", c.name}, {"field", c.path + ".image"}, {"value", image}, {"why", why}});
  }
  return out;
}

}  // namespace

ImageParts parseImage(const std::string& image) {
  ImageParts p;
  std::string rest = image;
  if (size_t at = rest.find('@'); at != std::string::npos) {
    p.digest = rest.substr(at + 1);
    rest = rest.substr(0, at);
  }
  size_t slash = rest.find('/');
  std::string first = slash == std::string::npos ? "" : rest.substr(0, slash);
  // A first component with a dot, a port or "localhost" is a registry (Docker's rule).
  if (!first.empty() && (first.find('.') != std::string::npos ||
                         first.find(':') != std::string::npos || first == "localhost")) {
    p.registry = first;
    rest = rest.substr(slash + 1);
  } else {
    p.registry = "docker.io";
  }
  size_t colon = rest.rfind(':');
  if (colon != std::string::npos && rest.find('/', colon) == std::string::npos) {
    p.tag = rest.substr(colon + 1);
    rest = rest.substr(0, colon);
  }
  p.repository = rest;
  return p;
}

Findings latestTagFindings(const PodView& pod) {
  return imageFindings(pod, [](const std::string& image, const ImageParts& p) -> std::string {
    if (image.empty()) return "no image";
    if (!p.digest.empty()) return {};
    if (p.tag.empty()) return "no tag (Kubernetes pulls latest)";
    if (p.tag == "latest") return "the latest tag";
    return {};
  });
}

Findings digestFindings(const PodView& pod) {
  return imageFindings(pod, [](const std::string& image, const ImageParts& p) -> std::string {
    if (image.empty()) return "no image";
    return p.digest.rfind("sha256:", 0) == 0 ? "" : "by tag, not by digest";
  });
}

Findings registryFindings(const PodView& pod, const std::vector<std::string>& allowed) {
  return imageFindings(pod, [&](const std::string& image, const ImageParts& p) -> std::string {
    if (image.empty()) return "no image";
    std::string full = sdk::lower(p.registry + "/" + p.repository);
    for (std::string a : allowed) {
      a = sdk::lower(a);
      while (!a.empty() && a.back() == '/')
        a.pop_back();
      if (full == a || full.rfind(a + "/", 0) == 0) return {};
    }
    return "registry " + p.registry + " is not among allowed_registries";
  });
}

}  // namespace bulwark::containers::k8s
