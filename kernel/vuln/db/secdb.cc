// Alpine and Wolfi secdb: {"distroversion": "v3.18", "packages": [{"pkg": {"name",
// "secfixes": {"1.2-r0": ["CVE-..."]}}}]}, or vuln-list's one-package form {"name",
// "secfixes", "distroversion"}. A fix in version "0" means the package was never affected.
#include "vuln/db/feeds.h"

namespace bulwark::vuln {
namespace {

using nlohmann::json;

bool isWolfi(const json& doc) {
  for (const char* key : {"urlprefix", "apkurl"}) {
    if (doc.contains(key) && doc[key].is_string() &&
        doc[key].get<std::string>().find("wolfi") != std::string::npos)
      return true;
  }
  return false;
}

// "CVE-2024-22195 GHSA-h5c8-rqwp-cp95" -> id and aliases; "(+ regression fix)" is a remark.
std::vector<std::string> idsOf(const std::string& text) {
  std::vector<std::string> ids;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find(' ', pos);
    if (end == std::string::npos) end = text.size();
    std::string word = text.substr(pos, end - pos);
    if (!word.empty() && word[0] == '(') break;
    if (!word.empty()) ids.push_back(word);
    pos = end + 1;
  }
  return ids;
}

void addPackage(const json& pkg, const std::string& place, const std::string& source,
                const std::string& ecosystem, const std::string& release,
                std::vector<Advisory>& out) {
  if (!pkg.is_object() || !pkg.contains("name") || !pkg["name"].is_string())
    throw RecordError(place, "missing package 'name'");
  std::string name = pkg["name"].get<std::string>();
  auto secfixes = pkg.find("secfixes");
  if (secfixes == pkg.end() || secfixes->is_null()) return;
  if (!secfixes->is_object())
    throw RecordError(place + ".secfixes", "expected an object of version -> ids");
  for (const auto& [version, ids] : secfixes->items()) {
    if (!ids.is_array())
      throw RecordError(place + ".secfixes." + version, "expected a list of advisory ids");
    for (const auto& idText : ids) {
      if (!idText.is_string())
        throw RecordError(place + ".secfixes." + version, "advisory id must be a string");
      std::vector<std::string> words = idsOf(idText.get<std::string>());
      if (words.empty() || version == "0") continue;
      Advisory a;
      a.source = source;
      a.id = words[0];
      a.aliases.assign(words.begin() + 1, words.end());
      AffectedPackage p;
      p.ecosystem = ecosystem;
      p.release = release;
      p.package = name;
      p.ranges.push_back({"ECOSYSTEM", {{"introduced", "0"}, {"fixed", version}}});
      a.affected.push_back(std::move(p));
      out.push_back(std::move(a));
    }
  }
}

}  // namespace

std::vector<Advisory> parseSecdb(const json& doc, std::vector<ImportProblem>& problems,
                                 const std::string& file) {
  bool wolfi = isWolfi(doc);
  std::string ecosystem = wolfi ? "wolfi" : "alpine";
  std::string source = wolfi ? "wolfi-secdb" : "alpine-secdb";
  std::string release;
  if (doc.contains("distroversion") && doc["distroversion"].is_string())
    release = normalizeRelease(ecosystem, doc["distroversion"].get<std::string>());
  std::vector<Advisory> out;
  if (doc.contains("packages")) {
    const json& packages = doc["packages"];
    if (!packages.is_array()) throw RecordError("packages", "expected a list");
    for (size_t i = 0; i < packages.size(); ++i) {
      std::string place = "packages[" + std::to_string(i) + "]";
      try {
        const json& entry = packages[i];
        if (!entry.is_object() || !entry.contains("pkg")) throw RecordError(place, "missing 'pkg'");
        addPackage(entry["pkg"], place + ".pkg", source, ecosystem, release, out);
      } catch (const RecordError& e) {
        problems.push_back({file, e.place(), e.what()});
      }
    }
    return out;
  }
  addPackage(doc, "", source, ecosystem, release, out);
  return out;
}

FeedKind detectFeed(const json& doc) {
  if (!doc.is_object()) return FeedKind::Unknown;
  if (doc.contains("Header") && doc.contains("Annotations")) return FeedKind::DebianTrackerRecord;
  if (doc.contains("secfixes") || (doc.contains("packages") && doc.contains("distroversion")) ||
      (doc.contains("packages") && doc.contains("urlprefix")))
    return FeedKind::Secdb;
  if (doc.contains("id") &&
      (doc.contains("affected") || doc.contains("modified") || doc.contains("schema_version")))
    return FeedKind::Osv;
  // The tracker dump: package -> CVE -> {"releases": ...}
  if (!doc.empty()) {
    const json& first = doc.begin().value();
    if (first.is_object() && !first.empty() && first.begin().value().is_object() &&
        first.begin().value().contains("releases"))
      return FeedKind::DebianTrackerJson;
  }
  return FeedKind::Unknown;
}

const char* feedSourceName(FeedKind kind, const json& doc) {
  switch (kind) {
    case FeedKind::Osv:
      return "osv";
    case FeedKind::DebianTrackerRecord:
    case FeedKind::DebianTrackerJson:
      return "debian-tracker";
    case FeedKind::Secdb:
      return isWolfi(doc) ? "wolfi-secdb" : "alpine-secdb";
    case FeedKind::Unknown:
      break;
  }
  return "unknown";
}

}  // namespace bulwark::vuln
