#include "machine_vulnerabilities.h"

#include <bulwark/sdk/findings.hpp>

#include <string>

namespace bulwark::vm {

using sdk::Json;

sdk::Verdict machineVulnerabilities(
    const sdk::Resource& machine,
    const std::function<std::vector<sdk::VulnMatch>(const std::vector<sdk::PackageQuery>&)>&
        match) {
  const Json* host = sdk::at(machine.json(), "properties.bulwarkHost");
  const Json* installed = host != nullptr ? sdk::at(*host, "packages.installed") : nullptr;
  if (installed == nullptr || !installed->is_object() || installed->empty())
    return sdk::Verdict::notApplicable(
        "no package inventory for this machine (the vm plugin's local-host collector provides "
        "one)");
  std::string osId = sdk::textAt(*host, "os.id");
  if (osId.empty())
    return sdk::Verdict::notApplicable("the machine's distribution is unknown (no os-release)");
  std::string versionId = sdk::textAt(*host, "os.versionId");
  std::string release = !versionId.empty() ? versionId : sdk::textAt(*host, "os.codename");
  std::string prettyName = sdk::textAt(*host, "os.prettyName");
  const Json* sources = sdk::at(*host, "packages.sourcePackages");

  std::vector<sdk::PackageQuery> queries;
  std::vector<std::string> names;
  for (const auto& [name, version] : installed->items()) {
    if (!version.is_string()) continue;
    std::string sourceName, sourceVersion;
    if (sources != nullptr && sources->is_object()) {
      auto s = sources->find(name);
      if (s != sources->end() && s->is_object()) {
        sourceName = s->value("name", "");
        sourceVersion = s->value("version", "");
      }
    }
    queries.push_back(sdk::distroPackageQuery(osId, release, name, version.get<std::string>(),
                                              sourceName, sourceVersion));
    names.push_back(name);
  }
  sdk::FindingSummary summary;
  for (const auto& m : match(queries)) {
    if (m.query >= names.size()) continue;
    summary.add({{"advisory", m.id},
                 {"aliases", m.aliases},
                 {"severity", m.severity},
                 {"package", names[m.query]},
                 {"installedVersion", installed->at(names[m.query]).get<std::string>()},
                 {"fixedVersion", m.fixedVersion},
                 {"state", m.state}},
                m.severity);
  }
  std::string packages = std::to_string(installed->size()) + " installed packages";
  Json evidence = {{"os", prettyName.empty() ? osId : prettyName},
                   {"packages", installed->size()},
                   {"findings", summary.rows},
                   {"findingCount", summary.total}};
  if (summary.total == 0)
    return sdk::Verdict::healthy(
        std::to_string(installed->size()) + " packages, no known vulnerabilities", evidence);
  return sdk::Verdict::unhealthy(summary.text() + " in " + packages, evidence);
}

sdk::AssessmentDef machineVulnerabilitiesAssessment() {
  sdk::AssessmentDef a;
  a.id = kMachineVulnerabilitiesId;
  a.title = "Machines should have vulnerability findings resolved";
  a.resourceType = "Microsoft.HybridCompute/machines";
  a.severity = sdk::Severity::High;
  a.control = "Remediate vulnerabilities";
  a.description =
      "Installed packages on the machine have known vulnerabilities, matched against the "
      "vulnerability database with the distribution's own advisories and version rules.";
  a.remediation =
      "Install the fixed package versions (apt-get upgrade / dnf upgrade), restart the services "
      "that use them, and turn on unattended security updates.";
  a.check = [](const sdk::Resource& machine, const sdk::Context& ctx) {
    sdk::VulnDbClient db = ctx.host.vulnDb();
    if (!db.info().available)
      return sdk::Verdict::notApplicable(
          "no vulnerability database is configured (vulndb.path, bulwark vulndb import)");
    return machineVulnerabilities(
        machine, [&db](const std::vector<sdk::PackageQuery>& q) { return db.match(q); });
  };
  return a;
}

}  // namespace bulwark::vm
