// The Debian security tracker in its two JSON shapes: the per-entry form of vuln-list
// ({"Header": {"ID"}, "Annotations": [{"Type": "package", "Release", "Package", "Kind",
// "Version", "Severity"}]}) and the tracker's own dump (package -> CVE -> releases -> status).
// Packages are source packages. An entry without a release speaks for unstable and, like the
// tracker, for every release that has no line of its own.
#include "vuln/db/feeds.h"
#include "vuln/severity.h"

namespace bulwark::vuln {
namespace {

using nlohmann::json;

std::string urgencyToSeverity(std::string urgency) {
  while (!urgency.empty() && (urgency.back() == '*' || urgency.back() == ' '))
    urgency.pop_back();
  return severityFromLabel(urgency);
}

// Fills the affected row for one (release, package) statement. A not-affected statement keeps
// its row, without ranges, so that it overrides the release-less statement for that release.
void affectedFor(const std::string& kind, const std::string& fixedVersion, AffectedPackage& out) {
  VersionRange range{"ECOSYSTEM", {{"introduced", "0"}}};
  if (kind == "fixed" || kind == "resolved") {
    if (fixedVersion.empty() || fixedVersion == "0")
      return;  // fixed in "0": the release never had the vulnerable code
    range.events.emplace_back("fixed", fixedVersion);
  } else if (kind == "not-affected" || kind == "removed" || kind == "NOT-FOR-US" ||
             kind == "RESERVED" || kind == "REJECTED") {
    return;
  } else if (kind == "ignored" || kind == "end-of-life") {
    out.unfixedState = kStateWontFix;
  } else {
    // unfixed, no-dsa, postponed, undetermined, open: vulnerable and not fixed yet.
    out.unfixedState = kStateUnfixed;
  }
  out.ranges.push_back(std::move(range));
}

}  // namespace

std::vector<Advisory> parseDebianTrackerRecord(const json& doc) {
  const json& header = doc.at("Header");
  if (!header.is_object() || !header.contains("ID") || !header["ID"].is_string())
    throw RecordError("Header", "missing 'ID'");
  Advisory a;
  a.source = "debian-tracker";
  a.id = header["ID"].get<std::string>();
  if (header.contains("Description") && header["Description"].is_string())
    a.summary = header["Description"].get<std::string>();
  const json& annotations = doc.at("Annotations");
  if (!annotations.is_array()) throw RecordError("Annotations", "expected a list");
  for (size_t i = 0; i < annotations.size(); ++i) {
    const json& n = annotations[i];
    std::string place = "Annotations[" + std::to_string(i) + "]";
    if (!n.is_object()) throw RecordError(place, "expected an object");
    std::string type = n.value("Type", "");
    if (type == "xref" && n.contains("Bugs") && n["Bugs"].is_array()) {
      for (const auto& bug : n["Bugs"]) {
        if (bug.is_string()) a.aliases.push_back(bug.get<std::string>());
      }
      continue;
    }
    if (type != "package") continue;
    if (!n.contains("Package") || !n["Package"].is_string())
      throw RecordError(place, "package annotation without 'Package'");
    AffectedPackage p;
    p.ecosystem = "debian";
    p.release = normalizeRelease("debian", n.value("Release", ""));
    p.package = n["Package"].get<std::string>();
    p.severity = urgencyToSeverity(n.value("Severity", ""));
    affectedFor(n.value("Kind", ""), n.value("Version", ""), p);
    a.affected.push_back(std::move(p));
  }
  return {a};
}

std::vector<Advisory> parseDebianTrackerJson(const json& doc, std::vector<ImportProblem>& problems,
                                             const std::string& file) {
  std::vector<Advisory> out;
  for (const auto& [package, cves] : doc.items()) {
    if (!cves.is_object()) {
      problems.push_back({file, package, "expected an object of CVEs"});
      continue;
    }
    for (const auto& [cve, entry] : cves.items()) {
      std::string place = package + "." + cve;
      try {
        if (!entry.is_object() || !entry.contains("releases") || !entry["releases"].is_object())
          throw RecordError(place, "missing 'releases'");
        Advisory a;
        a.source = "debian-tracker";
        a.id = cve;
        if (entry.contains("description") && entry["description"].is_string())
          a.summary = entry["description"].get<std::string>();
        for (const auto& [release, st] : entry["releases"].items()) {
          if (!st.is_object() || !st.contains("status") || !st["status"].is_string())
            throw RecordError(place + ".releases." + release, "missing 'status'");
          AffectedPackage p;
          p.ecosystem = "debian";
          p.release = normalizeRelease("debian", release);
          p.package = package;
          p.severity = urgencyToSeverity(st.value("urgency", ""));
          std::string status = st["status"].get<std::string>();
          std::string kind = status;
          if (status == "open" && st.value("nodsa_reason", "") == "ignored") kind = "ignored";
          if (st.value("urgency", "") == "end-of-life") kind = "end-of-life";
          std::string fixed = st.contains("fixed_version") && st["fixed_version"].is_string()
                                  ? st["fixed_version"].get<std::string>()
                                  : "";
          affectedFor(kind, fixed, p);
          a.affected.push_back(std::move(p));
        }
        out.push_back(std::move(a));
      } catch (const RecordError& e) {
        problems.push_back({file, e.place(), e.what()});
      } catch (const json::exception& e) {
        problems.push_back({file, place, e.what()});
      }
    }
  }
  return out;
}

}  // namespace bulwark::vuln
