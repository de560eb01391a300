#include "image/triage/triage.h"

#include <bulwark/sdk/text.hpp>

#include <algorithm>
#include <cctype>
#include <ctime>

#include "image/sbom/purl.h"

namespace bulwark::image {
namespace {

struct PurlParts {
  std::string typeAndName;  // decoded, type lowercased
  std::string version;      // decoded; empty when absent
};

PurlParts splitPurl(const std::string& purl) {
  std::string core = purl.substr(0, purl.find_first_of("?#"));
  size_t lastSlash = core.rfind('/');
  size_t at = core.find('@', lastSlash == std::string::npos ? 0 : lastSlash);
  PurlParts parts;
  if (at != std::string::npos) {
    parts.version = sdk::percentDecode(core.substr(at + 1));
    core.resize(at);
  }
  size_t typeEnd = core.find('/');
  std::transform(core.begin(), core.begin() + static_cast<long>(std::min(typeEnd, core.size())),
                 core.begin(), [](unsigned char c) { return std::tolower(c); });
  parts.typeAndName = sdk::percentDecode(core);
  return parts;
}

bool isPurl(const std::string& id) {
  return id.rfind("pkg:", 0) == 0;
}

bool namesImage(const std::string& id, const ImageScanResult& result) {
  if (id.empty()) return false;
  if (id == result.reference || id == result.digest) return true;
  if (!result.digest.empty() && id.size() > result.digest.size() &&
      id.compare(id.size() - result.digest.size() - 1, std::string::npos, "@" + result.digest) == 0)
    return true;
  if (id.rfind("pkg:oci/", 0) == 0) return splitPurl(id).version == result.digest;
  return false;
}

bool namesPackage(const std::vector<std::string>& ids, const std::string& purl) {
  return !purl.empty() && std::any_of(ids.begin(), ids.end(), [&](const std::string& id) {
    return isPurl(id) && purlNamesPackage(id, purl);
  });
}

bool productCovers(const VexProduct& product, const std::string& purl,
                   const ImageScanResult& result) {
  if (namesPackage(product.ids, purl)) return true;
  bool image = std::any_of(product.ids.begin(), product.ids.end(),
                           [&](const std::string& id) { return namesImage(id, result); });
  if (!image) return false;
  if (product.subcomponents.empty()) return true;
  return std::any_of(product.subcomponents.begin(), product.subcomponents.end(),
                     [&](const std::vector<std::string>& ids) { return namesPackage(ids, purl); });
}

bool namesVulnerability(const std::vector<std::string>& ids, const Finding& f) {
  return std::any_of(ids.begin(), ids.end(), [&](const std::string& id) {
    const auto& aliases = f.vulnerability.aliases;
    return id == f.vulnerability.id ||
           std::find(aliases.begin(), aliases.end(), id) != aliases.end();
  });
}

const VexStatement* lastVexStatement(const Triage& triage, const Finding& f,
                                     const ImageScanResult& result) {
  std::string purl = packageUrl(f.package, result.osInfo);
  const VexStatement* found = nullptr;
  for (const auto& s : triage.vex) {
    if (!namesVulnerability(s.vulnerabilityIds, f)) continue;
    if (std::any_of(s.products.begin(), s.products.end(),
                    [&](const VexProduct& p) { return productCovers(p, purl, result); }))
      found = &s;
  }
  return found;
}

bool ignoreCovers(const IgnoreEntry& e, const Finding& f) {
  if (!namesVulnerability({e.id}, f)) return false;
  if (!e.packageName.empty() && e.packageName != f.package.name &&
      e.packageName != f.package.sourceName)
    return false;
  return e.packageVersion.empty() || e.packageVersion == f.package.version;
}

}  // namespace

bool purlNamesPackage(const std::string& given, const std::string& actual) {
  PurlParts g = splitPurl(given), a = splitPurl(actual);
  return g.typeAndName == a.typeAndName && (g.version.empty() || g.version == a.version);
}

void applyTriage(ImageScanResult& result, const Triage& triage, const std::string& today) {
  std::vector<const IgnoreEntry*> active;
  for (const auto& e : triage.ignores) {
    if (ignoreEntryExpired(e, today))
      result.triageNotes.push_back(e.origin + ": the ignore entry for " + e.id + " expired on " +
                                   e.expires + " and no longer applies");
    else
      active.push_back(&e);
  }
  std::vector<Finding> kept;
  for (auto& f : result.findings) {
    if (const VexStatement* s = lastVexStatement(triage, f, result); s && vexSetsAside(*s)) {
      result.suppressed.push_back(
          {f, {"vex", s->impactStatement, s->status, s->justification, s->origin}});
      continue;
    }
    auto entry = std::find_if(active.begin(), active.end(),
                              [&](const IgnoreEntry* e) { return ignoreCovers(*e, f); });
    if (entry != active.end()) {
      result.suppressed.push_back({f, {"ignored", (*entry)->reason, "", "", (*entry)->origin}});
      continue;
    }
    kept.push_back(std::move(f));
  }
  result.findings = std::move(kept);
}

}  // namespace bulwark::image
