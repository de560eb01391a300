#include "vulnassess/registry_image_findings.h"

#include <algorithm>
#include <cctype>

#include "image/scan_status.h"
#include "vulnassess/finding_summary.h"

namespace bulwark::vulnassess {
namespace {

using nlohmann::json;

std::string lower(std::string text) {
  for (char& c : text)
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

std::string loginServerOf(const json& registry) {
  auto properties = registry.find("properties");
  if (properties == registry.end() || !properties->is_object()) return {};
  auto login = properties->find("loginServer");
  return login != properties->end() && login->is_string() ? lower(login->get<std::string>())
                                                          : std::string();
}

AssessmentInfo info() {
  AssessmentInfo a;
  a.id = kRegistryImagesAssessmentId;
  a.pluginId = "kernel";
  a.title = "Container registry images should have vulnerability findings resolved";
  a.resourceType = "Microsoft.ContainerRegistry/registries";
  a.severity = Severity::High;
  a.control = "Remediate vulnerabilities";
  a.description =
      "Images in the registry contain packages with known vulnerabilities. Each finding names "
      "the advisory, the package, its installed and fixed version and the layer and file that "
      "brought it in.";
  a.remediation =
      "Rebuild the affected images on updated base images or with the fixed package versions, "
      "push them, and delete or stop deploying the vulnerable tags. Scan on push "
      "(`bulwark server`) keeps the findings current.";
  return a;
}

}  // namespace

KernelAssessment registryImageFindings(const std::string& storePath) {
  auto statuses = std::make_shared<std::vector<image::ImageStatus>>();
  auto loaded = std::make_shared<bool>(false);
  return {
      info(), [storePath, statuses, loaded](const json& registry) -> std::optional<AssessOutcome> {
        if (!*loaded) {
          *statuses = image::ScanStatusStore(storePath).list();
          *loaded = true;
        }
        std::string login = loginServerOf(registry);
        if (login.empty())
          return AssessOutcome{AssessmentState::NotApplicable, "the registry has no loginServer",
                               json::object()};
        FindingSummary summary;
        json images = json::array();
        size_t scanned = 0;
        for (const auto& s : *statuses) {
          if (lower(s.reference).rfind(login + "/", 0) != 0) continue;
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
          return AssessOutcome{
              AssessmentState::NotApplicable,
              "no completed image scan of " + login + " (bulwark images scan, or scan on push)",
              json::object()};
        json evidence = {{"loginServer", login},
                         {"scannedImages", images},
                         {"findings", summary.rows},
                         {"findingCount", summary.total}};
        if (summary.total == 0)
          return AssessOutcome{AssessmentState::Healthy,
                               std::to_string(scanned) + " scanned images, no findings", evidence};
        return AssessOutcome{AssessmentState::Unhealthy,
                             summary.text() + " in " + std::to_string(scanned) + " scanned images",
                             evidence};
      }};
}

}  // namespace bulwark::vulnassess
