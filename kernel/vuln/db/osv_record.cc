// OSV schema 1.x (https://ossf.github.io/osv-schema/).
#include <algorithm>

#include "vuln/db/feeds.h"
#include "vuln/severity.h"

namespace bulwark::vuln {
namespace {

using nlohmann::json;

std::string stringAt(const json& obj, const char* key, const std::string& place,
                     bool required = false) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) {
    if (required) throw RecordError(place, std::string("missing '") + key + "'");
    return "";
  }
  if (!it->is_string()) throw RecordError(place + "." + key, "expected a string");
  return it->get<std::string>();
}

const json* arrayAt(const json& obj, const char* key, const std::string& place) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return nullptr;
  if (!it->is_array()) throw RecordError(place + "." + key, "expected a list");
  return &*it;
}

VersionRange parseRange(const json& r, const std::string& place) {
  if (!r.is_object()) throw RecordError(place, "expected an object");
  VersionRange range;
  range.type = stringAt(r, "type", place, true);
  const json* events = arrayAt(r, "events", place);
  if (events == nullptr || events->empty()) throw RecordError(place, "range has no events");
  bool introduced = false;
  for (size_t i = 0; i < events->size(); ++i) {
    const json& e = (*events)[i];
    std::string where = place + ".events[" + std::to_string(i) + "]";
    if (!e.is_object() || e.size() != 1)
      throw RecordError(where,
                        "an event holds exactly one of introduced, fixed, "
                        "last_affected, limit");
    const std::string kind = e.begin().key();
    const json& value = e.begin().value();
    if (kind != "introduced" && kind != "fixed" && kind != "last_affected" && kind != "limit")
      throw RecordError(where, "unknown event '" + kind + "'");
    if (!value.is_string()) throw RecordError(where, "event version must be a string");
    introduced = introduced || kind == "introduced";
    range.events.emplace_back(kind, value.get<std::string>());
  }
  if (!introduced) throw RecordError(place, "range has no 'introduced' event");
  return range;
}

std::string sourceSeverity(const json& doc) {
  auto ds = doc.find("database_specific");
  if (ds != doc.end() && ds->is_object()) {
    auto s = ds->find("severity");
    if (s != ds->end() && s->is_string()) return severityFromLabel(s->get<std::string>());
  }
  return "";
}

std::string cvssVector(const json& doc) {
  const json* severities = arrayAt(doc, "severity", "severity");
  if (severities == nullptr) return "";
  std::string best;
  for (const char* wanted : {"CVSS_V3", "CVSS_V2", "CVSS_V4"}) {
    for (const auto& s : *severities) {
      if (s.is_object() && s.value("type", "") == wanted && s.contains("score") &&
          s["score"].is_string())
        return s["score"].get<std::string>();
    }
  }
  return best;
}

}  // namespace

Advisory parseOsvRecord(const json& doc) {
  if (!doc.is_object()) throw RecordError("", "an OSV record is a JSON object");
  Advisory a;
  a.source = "osv";
  a.id = stringAt(doc, "id", "", true);
  if (a.id.empty()) throw RecordError("id", "empty advisory id");
  if (const json* aliases = arrayAt(doc, "aliases", "")) {
    for (const auto& alias : *aliases) {
      if (alias.is_string()) a.aliases.push_back(alias.get<std::string>());
    }
  }
  a.summary = stringAt(doc, "summary", "");
  if (a.summary.empty()) {
    a.summary = stringAt(doc, "details", "");
    a.summary = a.summary.substr(0, a.summary.find('\n'));
  }
  if (a.summary.size() > 300) a.summary = a.summary.substr(0, 297) + "...";
  a.modified = stringAt(doc, "modified", "");
  a.withdrawn = stringAt(doc, "withdrawn", "");
  a.cvss = cvssVector(doc);
  a.severity = sourceSeverity(doc);
  const json* affected = arrayAt(doc, "affected", "");
  if (affected == nullptr) return a;
  for (size_t i = 0; i < affected->size(); ++i) {
    const json& entry = (*affected)[i];
    std::string place = "affected[" + std::to_string(i) + "]";
    if (!entry.is_object()) throw RecordError(place, "expected an object");
    auto pkg = entry.find("package");
    if (pkg == entry.end() || !pkg->is_object()) {
      // Allowed for entries that only name git commits (CVE records); nothing to match then.
      bool gitOnly = !entry.contains("versions") || entry["versions"].empty();
      if (const json* ranges = arrayAt(entry, "ranges", place)) {
        for (const auto& r : *ranges)
          gitOnly = gitOnly && r.is_object() && r.value("type", "") == "GIT";
      }
      if (!gitOnly) throw RecordError(place, "missing 'package'");
      continue;
    }
    std::string osvEcosystem = stringAt(*pkg, "ecosystem", place + ".package", true);
    std::string name = stringAt(*pkg, "name", place + ".package", true);
    AffectedPackage p;
    p.ecosystem = ecosystemBase(osvEcosystem);
    p.release = normalizeRelease(p.ecosystem, ecosystemRelease(osvEcosystem));
    p.package = normalizePackage(p.ecosystem, name);
    if (const json* ranges = arrayAt(entry, "ranges", place)) {
      for (size_t r = 0; r < ranges->size(); ++r) {
        VersionRange range = parseRange((*ranges)[r], place + ".ranges[" + std::to_string(r) + "]");
        if (range.type != "GIT") p.ranges.push_back(std::move(range));
      }
    }
    if (const json* versions = arrayAt(entry, "versions", place)) {
      for (const auto& v : *versions) {
        if (v.is_string()) p.versions.push_back(v.get<std::string>());
      }
    }
    for (const char* key : {"ecosystem_specific", "database_specific"}) {
      auto specific = entry.find(key);
      if (specific != entry.end() && specific->is_object() && specific->contains("severity") &&
          (*specific)["severity"].is_string())
        p.severity = severityFromLabel((*specific)["severity"].get<std::string>());
    }
    // One package may be listed in several entries (disjoint ranges): keep one row per package.
    auto same = std::find_if(a.affected.begin(), a.affected.end(), [&p](const AffectedPackage& q) {
      return q.ecosystem == p.ecosystem && q.release == p.release && q.package == p.package;
    });
    if (same == a.affected.end()) {
      a.affected.push_back(std::move(p));
    } else {
      same->ranges.insert(same->ranges.end(), p.ranges.begin(), p.ranges.end());
      same->versions.insert(same->versions.end(), p.versions.begin(), p.versions.end());
    }
  }
  return a;
}

}  // namespace bulwark::vuln
