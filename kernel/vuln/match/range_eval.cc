#include "vuln/match/range_eval.h"

#include <algorithm>
#include <vector>

namespace bulwark::vuln {
namespace {

bool isZero(const std::string& kind, const std::string& version) {
  return kind == "introduced" && version == "0";
}

// OSV: sort the events by version ("0" first) and walk them; the last event at or below the
// installed version decides.
bool inRange(const VersionRange& range, const std::string& version, VersionScheme scheme) {
  std::vector<std::pair<std::string, std::string>> events = range.events;
  std::stable_sort(events.begin(), events.end(), [scheme](const auto& a, const auto& b) {
    bool za = isZero(a.first, a.second), zb = isZero(b.first, b.second);
    if (za || zb) return za && !zb;
    return compareVersions(scheme, a.second, b.second) < 0;
  });
  bool affected = false;
  for (const auto& [kind, v] : events) {
    if (kind == "introduced") {
      if (v == "0" || compareVersions(scheme, version, v) >= 0) affected = true;
    } else if (kind == "fixed" || kind == "limit") {
      if (compareVersions(scheme, version, v) >= 0) affected = false;
    } else if (kind == "last_affected") {
      if (compareVersions(scheme, version, v) > 0) affected = false;
    }
  }
  return affected;
}

std::string lowestFixAbove(const VersionRange& range, const std::string& version,
                           VersionScheme scheme) {
  std::string best;
  for (const auto& [kind, v] : range.events) {
    if (kind != "fixed" || compareVersions(scheme, v, version) <= 0) continue;
    if (best.empty() || compareVersions(scheme, v, best) < 0) best = v;
  }
  return best;
}

}  // namespace

RangeVerdict evaluateAffected(const AffectedPackage& affected, const std::string& version,
                              std::optional<VersionScheme> scheme) {
  RangeVerdict verdict;
  for (const auto& listed : affected.versions) {
    if (listed == version || (scheme && compareVersions(*scheme, listed, version) == 0)) {
      verdict.affected = true;
      break;
    }
  }
  if (!scheme) return verdict;
  for (const auto& range : affected.ranges) {
    if (!inRange(range, version, *scheme)) continue;
    verdict.affected = true;
    std::string fix = lowestFixAbove(range, version, *scheme);
    if (!fix.empty() &&
        (verdict.fixedVersion.empty() || compareVersions(*scheme, fix, verdict.fixedVersion) < 0))
      verdict.fixedVersion = fix;
  }
  if (verdict.affected && verdict.fixedVersion.empty()) {
    // Affected through the version list: a range's fix above the version still tells the way out.
    for (const auto& range : affected.ranges) {
      std::string fix = lowestFixAbove(range, version, *scheme);
      if (!fix.empty() &&
          (verdict.fixedVersion.empty() || compareVersions(*scheme, fix, verdict.fixedVersion) < 0))
        verdict.fixedVersion = fix;
    }
  }
  return verdict;
}

}  // namespace bulwark::vuln
