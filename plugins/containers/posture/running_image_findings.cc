#include "posture/running_image_findings.h"

#include <bulwark/sdk/findings.hpp>

#include <algorithm>

#include "host_status_state.h"
#include "registry/image_reference.h"

namespace bulwark::containers {
namespace {

using nlohmann::json;

const json* podSpec(const json& object) {
  std::string kind = sdk::textAt(object, "kind");
  if (kind == "Pod") return sdk::at(object, "spec");
  if (kind == "CronJob") return sdk::at(object, "spec.jobTemplate.spec.template.spec");
  return sdk::at(object, "spec.template.spec");
}

// The canonical reference ("registry-1.docker.io/library/nginx:1.25") and the digest of an
// image as a manifest or a scan names it; both empty when it does not parse.
std::pair<std::string, std::string> canonical(const std::string& image) {
  try {
    registry::ImageReference r = registry::parseImageReference(image);
    if (r.tag.empty() && r.digest.empty()) r.tag = "latest";
    std::string digest = r.digest;
    r.digest.clear();
    return {r.tag.empty() ? std::string() : r.text(), digest};
  } catch (const registry::ReferenceError&) {
    return {};
  }
}

}  // namespace

std::vector<std::string> podImages(const json& object) {
  std::vector<std::string> out;
  const json* spec = podSpec(object);
  if (spec == nullptr) return out;
  for (const char* list : {"initContainers", "containers", "ephemeralContainers"}) {
    for (const json* c : sdk::arrayAt(*spec, list)) {
      std::string image = sdk::textAt(*c, "image");
      if (!image.empty() && std::find(out.begin(), out.end(), image) == out.end())
        out.push_back(image);
    }
  }
  return out;
}

sdk::Verdict runningImageFindings(const std::vector<std::string>& images,
                                  const std::vector<image::ImageStatus>& statuses) {
  if (images.empty()) return sdk::Verdict::notApplicable("the workload names no image");
  sdk::FindingSummary summary;
  json scanned = json::array(), unscanned = json::array();
  for (const auto& image : images) {
    auto [reference, digest] = canonical(image);
    const image::ImageStatus* match = nullptr;
    for (const auto& s : statuses) {
      if (s.state != image::ScanState::Completed || s.resultJson.empty()) continue;
      auto [scannedReference, scannedDigest] = canonical(s.reference);
      bool sameDigest = !digest.empty() && (digest == s.digest || digest == scannedDigest);
      bool sameReference = digest.empty() && !reference.empty() && reference == scannedReference;
      if ((sameDigest || sameReference) && (match == nullptr || s.scannedAt > match->scannedAt))
        match = &s;
    }
    if (match == nullptr) {
      unscanned.push_back(image);
      continue;
    }
    json result = json::parse(match->resultJson, nullptr, false);
    size_t before = summary.total;
    if (result.is_object() && result.contains("findings"))
      for (const auto& f : result["findings"])
        summary.add({{"image", image},
                     {"digest", match->digest},
                     {"advisory", f.value("id", "")},
                     {"severity", f.value("severity", "")},
                     {"package", f.value("package", "")},
                     {"installedVersion", f.value("installed_version", "")},
                     {"fixedVersion", f.value("fixed_version", "")}},
                    f.value("severity", ""));
    scanned.push_back({{"image", image},
                       {"digest", match->digest},
                       {"scannedAt", match->scannedAt},
                       {"findings", summary.total - before}});
  }
  json evidence = {{"scannedImages", scanned},
                   {"unscannedImages", unscanned},
                   {"findings", summary.rows},
                   {"findingCount", summary.total}};
  if (scanned.empty())
    return sdk::Verdict::notApplicable("none of the workload's images was scanned: " +
                                       unscanned.dump());
  if (summary.total == 0)
    return sdk::Verdict::healthy(std::to_string(scanned.size()) + " scanned images, no findings",
                                 evidence);
  return sdk::Verdict::unhealthy(
      summary.text() + " in " + std::to_string(scanned.size()) + " running images", evidence);
}

sdk::AssessmentDef runningImagesAssessment(const std::string& resourceType,
                                           const std::string& manifestPath) {
  sdk::AssessmentDef a;
  a.id = kRunningImagesAssessmentId;
  a.title = "Running container images should have vulnerability findings resolved";
  a.resourceType = resourceType;
  a.severity = sdk::Severity::High;
  a.control = "Remediate vulnerabilities";
  a.description =
      "The images a workload runs contain packages with known vulnerabilities, as their last "
      "scan found them.";
  a.remediation =
      "Rebuild the images on updated base images or with the fixed package versions, push "
      "them, and roll the workload out on the new digests.";
  a.quickFix = "kubectl set image <kind>/<name> <container>=<fixed image> -n <namespace>";
  a.check = [manifestPath](const sdk::Resource& workload, const sdk::Context& ctx) {
    const sdk::Json* object = manifestPath.empty() ? &workload.json() : workload.find(manifestPath);
    if (object == nullptr) return sdk::Verdict::notApplicable("no Kubernetes object");
    HostStatusState state(ctx.host.state());
    return runningImageFindings(podImages(*object), image::ScanStatusStore(state).list());
  };
  return a;
}

}  // namespace bulwark::containers
