#include "posture/registry_image_findings.h"

#include <bulwark/sdk/findings.hpp>
#include "host_status_state.h"

namespace bulwark::containers {
namespace {

using nlohmann::json;

std::string loginServerOf(const sdk::Resource& registry) {
  const json* login = registry.find("properties.loginServer");
  return login != nullptr && login->is_string() ? sdk::lower(login->get<std::string>())
                                                : std::string();
}

}  // namespace

sdk::Verdict registryImageFindings(const sdk::Resource& registry,
                                   const std::vector<image::ImageStatus>& statuses) {
  std::string login = loginServerOf(registry);
  if (login.empty()) return sdk::Verdict::notApplicable("the registry has no loginServer");
  sdk::FindingSummary summary;
  json images = json::array();
  size_t scanned = 0;
  for (const auto& s : statuses) {
    if (sdk::lower(s.reference).rfind(login + "/", 0) != 0) continue;
    if (s.state != image::ScanState::Completed || s.resultJson.empty()) continue;
    ++scanned;
    json result = json::parse(s.resultJson, nullptr, false);
    size_t before = summary.total;
    if (result.is_object() && result.contains("findings"))
      for (const auto& f : result["findings"])
        summary.add({{"image", s.reference},
                     {"digest", s.digest},
                     {"advisory", f.value("id", "")},
                     {"severity", f.value("severity", "")},
                     {"package", f.value("package", "")},
                     {"installedVersion", f.value("installed_version", "")},
                     {"fixedVersion", f.value("fixed_version", "")},
                     {"state", f.value("state", "")},
                     {"layer", f.value("layer", "")},
                     {"path", f.value("path", "")}},
                    f.value("severity", ""));
    images.push_back({{"image", s.reference},
                      {"digest", s.digest},
                      {"scannedAt", s.scannedAt},
                      {"findings", summary.total - before}});
  }
  if (scanned == 0)
    return sdk::Verdict::notApplicable("no completed image scan of " + login +
                                       " (bulwark images scan, or scan on push)");
  json evidence = {{"loginServer", login},
                   {"scannedImages", images},
                   {"findings", summary.rows},
                   {"findingCount", summary.total}};
  if (summary.total == 0)
    return sdk::Verdict::healthy(std::to_string(scanned) + " scanned images, no findings",
                                 evidence);
  return sdk::Verdict::unhealthy(
      summary.text() + " in " + std::to_string(scanned) + " scanned images", evidence);
}

sdk::AssessmentDef registryImagesAssessment() {
  sdk::AssessmentDef a;
  a.id = kRegistryImagesAssessmentId;
  a.title = "Container registry images should have vulnerability findings resolved";
  a.resourceType = "Microsoft.ContainerRegistry/registries";
  a.severity = sdk::Severity::High;
  a.control = "Remediate vulnerabilities";
  a.description =
      "Images in the registry contain packages with known vulnerabilities. Each finding names "
      "the advisory, the package, its installed and fixed version and the layer and file that "
      "brought it in.";
  a.remediation =
      "Rebuild the affected images on updated base images or with the fixed package versions, "
      "push them, and delete or stop deploying the vulnerable tags. Scan on push "
      "(`bulwark server`) keeps the findings current.";
  a.check = [](const sdk::Resource& registry, const sdk::Context& ctx) {
    HostStatusState state(ctx.host.state());
    return registryImageFindings(registry, image::ScanStatusStore(state).list());
  };
  return a;
}

}  // namespace bulwark::containers
