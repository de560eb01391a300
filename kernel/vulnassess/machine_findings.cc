#include "vulnassess/machine_findings.h"

#include <algorithm>

#include "image/image_scan.h"
#include "vuln/match/matcher.h"
#include "vulnassess/finding_summary.h"

namespace bulwark::vulnassess {
namespace {

using nlohmann::json;

const json* at(const json& doc, std::initializer_list<const char*> path) {
  const json* node = &doc;
  for (const char* key : path) {
    if (!node->is_object()) return nullptr;
    auto it = node->find(key);
    if (it == node->end()) return nullptr;
    node = &*it;
  }
  return node;
}

std::string text(const json* node, const char* key) {
  if (node == nullptr || !node->is_object()) return {};
  auto it = node->find(key);
  return it != node->end() && it->is_string() ? it->get<std::string>() : std::string();
}

AssessmentInfo info() {
  AssessmentInfo a;
  a.id = kMachineAssessmentId;
  a.pluginId = "kernel";
  a.title = "Machines should have vulnerability findings resolved";
  a.resourceType = "Microsoft.HybridCompute/machines";
  a.severity = Severity::High;
  a.control = "Remediate vulnerabilities";
  a.description =
      "Installed packages on the machine have known vulnerabilities, matched against the "
      "vulnerability database with the distribution's own advisories and version rules.";
  a.remediation =
      "Install the fixed package versions (apt-get upgrade / dnf upgrade), restart the services "
      "that use them, and turn on unattended security updates.";
  return a;
}

}  // namespace

KernelAssessment machineFindings(std::shared_ptr<const vuln::VulnDb> db) {
  return {
      info(), [db](const json& machine) -> std::optional<AssessOutcome> {
        const json* host = at(machine, {"properties", "bulwarkHost"});
        const json* installed = host ? at(*host, {"packages", "installed"}) : nullptr;
        if (installed == nullptr || !installed->is_object() || installed->empty())
          return AssessOutcome{AssessmentState::NotApplicable,
                               "no package inventory for this machine (the vm plugin's host "
                               "collector provides one)",
                               json::object()};
        const json* os = at(*host, {"os"});
        image::OsInfo osInfo{text(os, "id"), text(os, "versionId"), text(os, "codename"),
                             text(os, "prettyName")};
        if (osInfo.id.empty())
          return AssessOutcome{AssessmentState::NotApplicable,
                               "the machine's distribution is unknown (no os-release)",
                               json::object()};
        const json* sources = at(*host, {"packages", "sourcePackages"});
        const json* managers = at(*host, {"packages", "sources"});
        bool rpmOnly = managers != nullptr && managers->is_array() &&
                       std::find(managers->begin(), managers->end(), "rpm") != managers->end() &&
                       std::find(managers->begin(), managers->end(), "dpkg") == managers->end();
        vuln::Matcher matcher(*db);
        FindingSummary summary;
        for (const auto& [name, version] : installed->items()) {
          if (!version.is_string()) continue;
          image::Package p;
          p.kind = rpmOnly ? image::kKindRpm : image::kKindDpkg;
          p.name = name;
          p.version = version.get<std::string>();
          if (sources != nullptr && sources->is_object() && sources->contains(name)) {
            const json& s = (*sources)[name];
            p.sourceName = s.value("name", "");
            p.sourceVersion = s.value("version", "");
          }
          for (const auto& m : matcher.match(image::queryFor(p, osInfo)))
            summary.add({{"advisory", m.id},
                         {"aliases", m.aliases},
                         {"severity", m.severity},
                         {"package", name},
                         {"installedVersion", p.version},
                         {"fixedVersion", m.fixedVersion},
                         {"state", m.state}},
                        m.severity);
        }
        json evidence = {{"os", osInfo.prettyName.empty() ? osInfo.id : osInfo.prettyName},
                         {"packages", installed->size()},
                         {"findings", summary.rows},
                         {"findingCount", summary.total}};
        if (summary.total == 0)
          return AssessOutcome{
              AssessmentState::Healthy,
              std::to_string(installed->size()) + " packages, no known vulnerabilities", evidence};
        return AssessOutcome{
            AssessmentState::Unhealthy,
            summary.text() + " in " + std::to_string(installed->size()) + " installed packages",
            evidence};
      }};
}

}  // namespace bulwark::vulnassess
