#include "image/image_report.h"

#include <iomanip>
#include <map>
#include <sstream>

namespace bulwark::image {

using nlohmann::json;

namespace {

std::string shortDigest(const std::string& digest) {
  return digest.rfind("sha256:", 0) == 0 ? digest.substr(0, 19) : digest;
}

std::string text(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

json findingJson(const Finding& f) {
  return {{"id", f.vulnerability.id},
          {"aliases", f.vulnerability.aliases},
          {"source", f.vulnerability.source},
          {"severity", f.vulnerability.severity},
          {"summary", f.vulnerability.summary},
          {"state", f.vulnerability.state},
          {"package", f.package.name},
          {"kind", f.package.kind},
          {"ecosystem", f.package.ecosystem},
          {"installed_version", f.package.version},
          {"matched_version", f.vulnerability.installedVersion},
          {"fixed_version", f.vulnerability.fixedVersion},
          {"layer", f.package.layer},
          {"path", f.package.path}};
}

// Why a suppressed finding is set aside, in one line: "ignored: REASON" or
// "not affected (vulnerable_code_not_present): STATEMENT".
std::string suppressionText(const json& s) {
  if (text(s, "kind") == "ignored") return "ignored: " + text(s, "reason");
  std::string out = text(s, "status") == "fixed" ? "fixed (VEX)" : "not affected (VEX)";
  if (!text(s, "justification").empty()) out += " " + text(s, "justification");
  if (!text(s, "reason").empty()) out += ": " + text(s, "reason");
  return out;
}

}  // namespace

json scanResultJson(const ImageScanResult& r) {
  json out = {{"reference", r.reference},  {"digest", r.digest},
              {"platform", r.platform},    {"tags", r.tags},
              {"os", json::object()},      {"layers", json::array()},
              {"packages", json::array()}, {"findings", json::array()},
              {"problems", json::array()}, {"suppressed", json::array()},
              {"matched", r.matched},      {"seconds", r.seconds}};
  if (r.osInfo)
    out["os"] = {{"id", r.osInfo->id},
                 {"version_id", r.osInfo->versionId},
                 {"codename", r.osInfo->codename},
                 {"pretty_name", r.osInfo->prettyName}};
  for (const auto& l : r.layers)
    out["layers"].push_back({{"digest", l.digest},
                             {"compressed_bytes", l.compressedBytes},
                             {"uncompressed_bytes", l.uncompressedBytes},
                             {"entries", l.entries}});
  for (const auto& p : r.packages)
    out["packages"].push_back({{"kind", p.kind},
                               {"ecosystem", p.ecosystem},
                               {"name", p.name},
                               {"version", p.version},
                               {"arch", p.arch},
                               {"source_name", p.sourceName},
                               {"source_version", p.sourceVersion},
                               {"path", p.path},
                               {"layer", p.layer}});
  for (const auto& f : r.findings)
    out["findings"].push_back(findingJson(f));
  for (const auto& s : r.suppressed) {
    json j = findingJson(s.finding);
    j["suppression"] = {{"kind", s.suppression.kind},
                        {"reason", s.suppression.reason},
                        {"status", s.suppression.status},
                        {"justification", s.suppression.justification},
                        {"origin", s.suppression.origin}};
    out["suppressed"].push_back(std::move(j));
  }
  out["triage_notes"] = r.triageNotes;
  for (const auto& p : r.problems)
    out["problems"].push_back({{"layer", p.layer}, {"path", p.path}, {"message", p.message}});
  return out;
}

std::string renderScanTable(const json& scan) {
  std::ostringstream out;
  out << "image     " << text(scan, "reference") << "\n"
      << "digest    " << text(scan, "digest") << "\n";
  if (!text(scan, "platform").empty()) out << "platform  " << text(scan, "platform") << "\n";
  const json& os = scan.value("os", json::object());
  out << "os        "
      << (text(os, "id").empty()            ? "unknown"
          : text(os, "pretty_name").empty() ? text(os, "id") + " " + text(os, "version_id")
                                            : text(os, "pretty_name"))
      << "\n";
  std::map<std::string, int> byKind;
  for (const auto& p : scan["packages"])
    ++byKind[text(p, "kind")];
  out << "packages  " << scan["packages"].size();
  std::string sep = " (";
  for (const auto& [kind, n] : byKind) {
    out << sep << kind << " " << n;
    sep = ", ";
  }
  out << (byKind.empty() ? "" : ")") << "\n"
      << "layers    " << scan["layers"].size() << "\n\n";

  out << std::left << std::setw(12) << "KIND" << std::setw(36) << "PACKAGE" << std::setw(28)
      << "VERSION"
      << "LAYER\n";
  for (const auto& p : scan["packages"])
    out << std::setw(12) << text(p, "kind") << std::setw(36) << text(p, "name") << std::setw(28)
        << text(p, "version") << shortDigest(text(p, "layer")) << "\n";

  if (!scan.value("matched", false)) {
    out << "\nvulnerabilities: not matched (no vulnerability database)\n";
  } else {
    out << "\nvulnerabilities: " << scan["findings"].size() << "\n";
    if (!scan["findings"].empty())
      out << std::setw(22) << "ID" << std::setw(10) << "SEVERITY" << std::setw(28) << "PACKAGE"
          << std::setw(20) << "INSTALLED" << std::setw(20) << "FIXED"
          << "LAYER  PATH\n";
    for (const auto& f : scan["findings"]) {
      std::string fixed = text(f, "fixed_version");
      if (fixed.empty()) fixed = "(" + text(f, "state") + ")";
      out << std::setw(22) << text(f, "id") << std::setw(10) << text(f, "severity") << std::setw(28)
          << text(f, "package") << std::setw(20) << text(f, "installed_version") << std::setw(20)
          << fixed << shortDigest(text(f, "layer")) << "  " << text(f, "path") << "\n";
    }
  }
  const json& suppressed = scan.value("suppressed", json::array());
  if (!suppressed.empty()) {
    out << "\nsuppressed (not counted): " << suppressed.size() << "\n";
    for (const auto& f : suppressed)
      out << std::setw(22) << text(f, "id") << std::setw(28) << text(f, "package") << std::setw(20)
          << text(f, "installed_version") << suppressionText(f.value("suppression", json::object()))
          << "\n";
  }
  for (const auto& note : scan.value("triage_notes", json::array()))
    if (note.is_string()) out << "note: " << note.get<std::string>() << "\n";
  if (!scan["problems"].empty()) {
    out << "\nproblems: " << scan["problems"].size() << "\n";
    for (const auto& p : scan["problems"]) {
      std::string where = text(p, "layer");
      if (!text(p, "path").empty()) where += (where.empty() ? "" : ": ") + text(p, "path");
      out << "  " << where << (where.empty() ? "" : ": ") << text(p, "message") << "\n";
    }
  }
  return out.str();
}

}  // namespace bulwark::image
