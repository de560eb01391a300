#include "vuln/match/matcher.h"

#include <algorithm>
#include <map>

#include "util/text.h"
#include "util/time.h"
#include "vuln/match/range_eval.h"
#include "vuln/severity.h"

namespace bulwark::vuln {
namespace {

bool isDistro(const std::string& ecosystem) {
  return ecosystem == "debian" || ecosystem == "alpine" || ecosystem == "wolfi" ||
         ecosystem == "ubuntu" || ecosystem == "chainguard";
}

}  // namespace

std::vector<VulnerabilityMatch> Matcher::match(const PackageQuery& q) const {
  std::string ecosystem = q.distro.empty() ? ecosystemBase(q.ecosystem) : toLowerAscii(q.distro);
  std::string release =
      q.release.empty() && q.distro.empty() ? ecosystemRelease(q.ecosystem) : q.release;
  release = normalizeRelease(ecosystem, release);
  bool distro = isDistro(ecosystem);
  std::string name = distro && !q.sourcePackage.empty() ? q.sourcePackage : q.package;
  name = normalizePackage(ecosystem, name);
  auto scheme = schemeForEcosystem(ecosystem);

  // For a distro, a release's own statement wins over the release-less one.
  std::map<std::pair<std::string, std::string>, const AffectedRow*> chosen;
  std::vector<AffectedRow> rows = db_.affectedRows(ecosystem, name);
  const std::string now = utcNowIso8601();
  for (const auto& row : rows) {
    const std::string& rowRelease = row.affected.release;
    if (distro ? (rowRelease != release && !rowRelease.empty()) : !rowRelease.empty()) continue;
    if (!row.advisory.withdrawn.empty() && row.advisory.withdrawn <= now) continue;
    auto key = std::make_pair(row.advisory.source, row.advisory.id);
    auto it = chosen.find(key);
    if (it == chosen.end() || (it->second->affected.release.empty() && !rowRelease.empty()))
      chosen[key] = &row;
  }

  std::vector<VulnerabilityMatch> out;
  for (const auto& [key, row] : chosen) {
    RangeVerdict verdict = evaluateAffected(row->affected, q.version, scheme);
    if (!verdict.affected) continue;
    VulnerabilityMatch m;
    m.id = row->advisory.id;
    m.aliases = row->advisory.aliases;
    m.source = row->advisory.source;
    m.cvss = row->advisory.cvss;
    m.summary = row->advisory.summary;
    m.ecosystem = row->affected.ecosystem;
    m.release = row->affected.release;
    m.package = row->affected.package;
    m.installedVersion = q.version;
    m.fixedVersion = verdict.fixedVersion;
    m.state = !verdict.fixedVersion.empty() ? "fixed" : row->affected.unfixedState;
    m.severity = !row->affected.severity.empty() ? row->affected.severity : row->advisory.severity;
    m.severityOrigin = m.severity.empty() ? "" : "source";
    if (m.severity.empty()) {
      m.severity = severityFromCvss(m.cvss);
      m.severityOrigin = m.severity.empty() ? "" : "cvss";
    }
    if (m.severity.empty()) m.severity = "Unknown";
    out.push_back(std::move(m));
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return std::tie(a.id, a.source) < std::tie(b.id, b.source);
  });
  return out;
}

}  // namespace bulwark::vuln
