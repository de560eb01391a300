#include "ueba/anomaly_detector.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "ueba/activity_view.h"
#include "ueba/baseline_store.h"
#include "ueba/country_centroids.h"
#include "ueba/geo_locator.h"
#include "ueba/robust_stats.h"
#include "util/time.h"

namespace bulwark::ueba {

using detect::Alert;

namespace {

constexpr int64_t kHourNs = 3600LL * 1000000000;
constexpr int64_t kDayNs = 24 * kHourNs;
constexpr size_t kRawLimit = 2000;

struct AnomalyKind {
  const char* id;
  const char* title;
  const char* severity;
  const char* tactic;
  const char* technique;
  const char* remediation;
};

const AnomalyKind kKinds[] = {
    {"ueba.new-operation", "Principal performed an operation it never performed before", "Low",
     "Privilege Escalation", "T1078.004",
     "Confirm with the principal's owner that the operation was intended; if not, revoke the "
     "principal's sessions and review its role assignments."},
    {"ueba.new-country", "Principal called from a country never seen before", "Medium",
     "Initial Access", "T1078.004",
     "Confirm the sign-in with the user; if unexpected, reset the credentials, revoke refresh "
     "tokens and require MFA or a named-location Conditional Access policy."},
    {"ueba.new-ip", "Principal called from an address never seen before", "Low", "Initial Access",
     "T1078.004",
     "Check that the address belongs to the organisation or a known provider; if not, treat "
     "the principal's credentials as exposed."},
    {"ueba.impossible-travel", "Impossible travel between two consecutive calls", "High",
     "Initial Access", "T1078.004",
     "Two places too far apart for the time between them means two parties use the identity: "
     "reset the credentials and revoke sessions and tokens."},
    {"ueba.mass-deletion", "Deletions far above the principal's hourly baseline", "High", "Impact",
     "T1485",
     "Stop the principal (disable the account or remove its roles), then restore from backups "
     "or soft-delete and add resource locks to critical resources."},
    {"ueba.storage.sas-new-ip", "SAS token used from an address never seen for the account",
     "Medium", "Defense Evasion", "T1550.001",
     "Find who holds the SAS (its signed fields name the permissions and expiry); if the address "
     "is not theirs, revoke the SAS by rotating the key that signed it or deleting its stored "
     "access policy, and prefer short-lived user delegation SAS."},
    {"ueba.storage.mass-deletion", "Blob deletions far above the account's hourly baseline", "High",
     "Impact", "T1485",
     "Stop the caller (revoke its role, rotate keys or SAS), restore the blobs from soft delete "
     "or versions, and enable soft delete, versioning and a resource lock if they are off."},
    {"ueba.storage.unusual-extraction", "Data read from the account far above its hourly baseline",
     "High", "Exfiltration", "T1567",
     "Find which identity, key or SAS read the data and revoke it, restrict the account's "
     "network access, and assess what the read blobs held."},
};

const AnomalyKind& kindOf(const std::string& id) {
  for (const auto& k : kKinds) {
    if (id == k.id) return k;
  }
  return kKinds[0];
}

std::string formatNumber(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, v == std::floor(v) ? "%.0f" : "%.1f", v);
  return buffer;
}

std::string joinKeys(const std::unordered_map<std::string, SeenValue>& values, size_t limit = 8) {
  std::vector<std::string> names;
  for (const auto& [name, seen] : values)
    names.push_back(name);
  std::sort(names.begin(), names.end());
  std::string out;
  for (size_t i = 0; i < names.size() && i < limit; ++i)
    out += (i == 0 ? "" : ", ") + names[i];
  if (names.size() > limit) out += ", ...";
  return out;
}

std::string learnedDays(const PrincipalBaseline& b, int64_t nowNs) {
  return formatNumber(std::floor(double(nowNs - b.firstSeenNs) / kDayNs));
}

void remember(std::unordered_map<std::string, SeenValue>& values, const std::string& value,
              int64_t timeNs) {
  auto [it, added] = values.try_emplace(value, SeenValue{timeNs, timeNs});
  if (!added) it->second.lastNs = std::max(it->second.lastNs, timeNs);
}

}  // namespace

struct AnomalyDetector::Activity {
  int64_t timeNs;
  uint64_t seq;
  std::string principal;
  std::string operation;
  std::string ip;
  std::string resourceId;
  std::string evidence;  // "file:line: raw", truncated
  bool deletion;
  ActivityKind kind = ActivityKind::Activity;
  bool sas = false;
  int64_t bytesOut = 0;
};

struct AnomalyDetector::Principal {
  PrincipalBaseline baseline;
  int64_t learnedUntilNs = INT64_MIN;     // events at or before this are already in the baseline
  int64_t hour = INT64_MIN;               // the hour being counted
  std::vector<std::string> hourEvidence;  // the hour's deletions
  int64_t hourFirstNs = 0;
  int64_t hourLastNs = 0;
  std::vector<std::string> readEvidence;  // the hour's reads (storage accounts)
  int64_t readFirstNs = 0;
  int64_t readLastNs = 0;
  std::string resourceId;  // the newest seen, for alerts raised when an hour closes
};

AnomalyDetector::AnomalyDetector(BaselineStore* store, const GeoLocator* geo,
                                 AnomalyOptions options)
    : store_(store), geo_(geo), options_(options) {}

AnomalyDetector::~AnomalyDetector() = default;

bool AnomalyDetector::offer(const detect::Event& e, const detect::KeyTable& keys) {
  // Most events are of types UEBA never looks at: answered once per type.
  if (e.type >= typeMayBeActivity_.size()) typeMayBeActivity_.resize(e.type + 1, kUnknown);
  int8_t& known = typeMayBeActivity_[e.type];
  if (known == kUnknown) known = mayBeActivityType(keys.text(e.type)) ? 1 : 0;
  if (known == 0) return false;
  auto view = activityOf(e, keys);
  if (!view) return false;
  std::string evidence = e.origin() + ": " + e.raw.substr(0, kRawLimit);
  pending_.push_back(Activity{e.timeNs, pending_.size(), std::string(view->principal),
                              std::string(view->operation), std::string(view->ip), e.resourceId,
                              std::move(evidence), view->deletion, view->kind, view->sas,
                              view->bytesOut});
  if (pending_.size() >= options_.maxPending) replay();
  return true;
}

AnomalyDetector::Principal& AnomalyDetector::principal(const std::string& name, int64_t firstNs) {
  auto it = principals_.find(name);
  if (it != principals_.end()) return *it->second;
  auto p = std::make_unique<Principal>();
  std::optional<PrincipalBaseline> stored = store_ != nullptr ? store_->load(name) : std::nullopt;
  if (stored) {
    p->baseline = std::move(*stored);
    p->learnedUntilNs = p->baseline.lastEventNs;
  } else {
    p->baseline.principal = name;
    p->baseline.firstSeenNs = firstNs;
    p->baseline.lastEventNs = firstNs;
  }
  ++stats_.principals;
  return *principals_.emplace(name, std::move(p)).first->second;
}

void AnomalyDetector::replay() {
  std::sort(pending_.begin(), pending_.end(), [](const Activity& a, const Activity& b) {
    return a.timeNs != b.timeNs ? a.timeNs < b.timeNs : a.seq < b.seq;
  });
  for (const Activity& a : pending_)
    analyse(a);
  pending_.clear();
}

std::vector<Alert> AnomalyDetector::finish() {
  replay();
  pending_.shrink_to_fit();
  std::vector<const PrincipalBaseline*> changed;
  for (auto& [name, p] : principals_) {
    closeHour(*p);
    trimBaseline(p->baseline, options_.limits);
    changed.push_back(&p->baseline);
  }
  if (store_ != nullptr) store_->save(changed);
  principals_.clear();
  std::vector<Alert> out = std::move(alerts_);
  alerts_.clear();  // the detector can go on: principals are read back from the store
  std::stable_sort(out.begin(), out.end(),
                   [](const Alert& a, const Alert& b) { return a.firstNs < b.firstNs; });
  return out;
}

Alert AnomalyDetector::alertFor(const Activity& a, const std::string& kind,
                                const std::string& key) {
  const AnomalyKind& k = kindOf(kind);
  Alert alert;
  alert.ruleId = k.id;
  alert.title = k.title;
  alert.severity = k.severity;
  alert.tactic = k.tactic;
  alert.technique = k.technique;
  alert.remediation = k.remediation;
  alert.resourceId = a.resourceId;
  alert.firstNs = alert.lastNs = a.timeNs;
  alert.eventCount = 1;
  if (a.principal.rfind(kStorageAccountPrefix, 0) == 0)
    alert.entities.emplace_back("account", a.principal.substr(kStorageAccountPrefix.size()));
  else
    alert.entities.emplace_back("user", a.principal);
  if (!a.ip.empty()) alert.entities.emplace_back("ip", a.ip);
  alert.evidence.push_back(a.evidence);
  alert.fingerprint = kind + "|" + a.principal + "|" + key + "|" + std::to_string(a.timeNs);
  return alert;
}

void AnomalyDetector::analyse(const Activity& a) {
  Principal& p = principal(a.principal, a.timeNs);
  PrincipalBaseline& b = p.baseline;
  if (a.timeNs <= p.learnedUntilNs) {
    ++stats_.alreadyLearned;
    return;
  }
  ++stats_.analysed;
  const bool learning = a.timeNs < b.firstSeenNs + options_.learningNs;
  if (learning) ++stats_.inLearning;

  int64_t hour = a.timeNs / kHourNs;
  if (hour != p.hour) {
    closeHour(p);
    p.hour = hour;
    p.hourEvidence.clear();
    p.hourFirstNs = 0;
    p.hourLastNs = 0;
    p.readEvidence.clear();
    p.readFirstNs = 0;
    p.readLastNs = 0;
  }
  if (!a.resourceId.empty()) p.resourceId = a.resourceId;
  HourActivity& activity = b.hours[hour];
  ++activity.events;
  if (a.bytesOut > 0) {
    activity.bytesOut += a.bytesOut;
    if (p.readFirstNs == 0) p.readFirstNs = a.timeNs;
    p.readLastNs = a.timeNs;
    if (p.readEvidence.size() < options_.evidenceLines) p.readEvidence.push_back(a.evidence);
  }
  if (a.deletion) {
    ++activity.deletions;
    if (p.hourFirstNs == 0) p.hourFirstNs = a.timeNs;
    p.hourLastNs = a.timeNs;
    if (p.hourEvidence.size() < options_.evidenceLines) p.hourEvidence.push_back(a.evidence);
  }

  if (a.kind == ActivityKind::Storage) {
    if (!a.ip.empty()) {
      if (!learning && a.sas && !b.ips.count(a.ip)) {
        Alert alert = alertFor(a, "ueba.storage.sas-new-ip", a.ip);
        alert.description =
            "A SAS was used on " + a.principal.substr(kStorageAccountPrefix.size()) + " from " +
            a.ip +
            ", an address never seen for this account; baseline: " + std::to_string(b.ips.size()) +
            " known addresses (" + joinKeys(b.ips, 5) + ") over " + learnedDays(b, a.timeNs) +
            " days.";
        alerts_.push_back(std::move(alert));
      }
      remember(b.ips, a.ip, a.timeNs);
    }
    b.lastEventNs = std::max(b.lastEventNs, a.timeNs);
    return;
  }
  if (!learning && !b.operations.count(a.operation)) {
    Alert alert = alertFor(a, "ueba.new-operation", a.operation);
    alert.entities.emplace_back("operation", a.operation);
    alert.description = a.principal + " performed " + a.operation +
                        " for the first time; baseline: " + std::to_string(b.operations.size()) +
                        " distinct operations (" + joinKeys(b.operations, 5) + ") learned over " +
                        learnedDays(b, a.timeNs) + " days.";
    alerts_.push_back(std::move(alert));
  }
  remember(b.operations, a.operation, a.timeNs);
  if (!a.ip.empty()) checkLocation(p, a, learning);
  b.lastEventNs = std::max(b.lastEventNs, a.timeNs);
}

void AnomalyDetector::checkLocation(Principal& p, const Activity& a, bool learning) {
  PrincipalBaseline& b = p.baseline;
  std::string country = geo_ != nullptr ? geo_->country(a.ip) : std::string();
  const std::string days = learnedDays(b, a.timeNs);
  bool newCountry = !country.empty() && !b.countries.count(country);
  bool newIp = !b.ips.count(a.ip);
  if (!learning && newCountry) {
    Alert alert = alertFor(a, "ueba.new-country", country);
    alert.entities.emplace_back("country", country);
    alert.description = a.principal + " called from " + a.ip + " in " + country +
                        ", a country never seen for this principal; baseline countries: " +
                        (b.countries.empty() ? "none" : joinKeys(b.countries)) + " (" +
                        std::to_string(b.ips.size()) + " known addresses) over " + days + " days.";
    alerts_.push_back(std::move(alert));
  } else if (!learning && newIp) {
    Alert alert = alertFor(a, "ueba.new-ip", a.ip);
    if (!country.empty()) alert.entities.emplace_back("country", country);
    alert.description =
        a.principal + " called from " + a.ip + (country.empty() ? "" : " (" + country + ")") +
        ", an address never seen for this principal; baseline: " + std::to_string(b.ips.size()) +
        " known addresses (" + joinKeys(b.ips, 5) + ") over " + days + " days.";
    alerts_.push_back(std::move(alert));
  }
  if (!country.empty() && !b.lastCountry.empty() && b.lastCountry != country) {
    auto km = countryDistanceKm(b.lastCountry, country);
    double hours = double(a.timeNs - b.lastLocatedNs) / kHourNs;
    if (!learning && km && *km >= options_.minTravelKm &&
        *km > options_.maxSpeedKmh * std::max(hours, 0.0)) {
      Alert alert = alertFor(a, "ueba.impossible-travel", b.lastCountry + ">" + country);
      alert.entities.emplace_back("country", country);
      alert.entities.emplace_back("ip", b.lastIp);
      double speed = hours > 0 ? *km / hours : INFINITY;
      alert.description =
          a.principal + " called from " + b.lastCountry + " (" + b.lastIp + ") at " +
          formatIso8601(b.lastLocatedNs) + " and from " + country + " (" + a.ip + ") at " +
          formatIso8601(a.timeNs) + ": " + formatNumber(std::round(*km)) + " km in " +
          formatNumber(std::round(hours * 60)) + " minutes (" +
          (std::isinf(speed) ? std::string("instant") : formatNumber(std::round(speed)) + " km/h") +
          "; the limit is " + formatNumber(options_.maxSpeedKmh) + " km/h).";
      alerts_.push_back(std::move(alert));
    }
  }
  remember(b.ips, a.ip, a.timeNs);
  if (!country.empty()) {
    remember(b.countries, country, a.timeNs);
    b.lastIp = a.ip;
    b.lastCountry = country;
    b.lastLocatedNs = a.timeNs;
  }
}

void AnomalyDetector::closeHour(Principal& p) {
  if (p.hour == INT64_MIN) return;
  const int64_t hour = p.hour;
  p.hour = INT64_MIN;
  checkDeletions(p, hour);
  checkExtraction(p, hour);
}

namespace {

// The principal's earlier active hours within the history, as a sample of `field`.
struct HourSample {
  std::vector<double> values;
  int64_t oldest;
};

HourSample earlierHours(const PrincipalBaseline& b, int64_t hour, int64_t historyHours,
                        int64_t HourActivity::*field) {
  HourSample s{{}, hour};
  auto current = b.hours.find(hour);
  for (auto it = b.hours.lower_bound(hour - historyHours); it != current; ++it) {
    if (it->second.events == 0) continue;
    s.values.push_back(double(it->second.*field));
    s.oldest = std::min(s.oldest, it->first);
  }
  return s;
}

std::string bytesText(double bytes) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  int unit = 0;
  while (bytes >= 1024 && unit < 4) {
    bytes /= 1024;
    ++unit;
  }
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, unit == 0 ? "%.0f %s" : "%.1f %s", bytes, units[unit]);
  return buffer;
}

}  // namespace

void AnomalyDetector::checkDeletions(Principal& p, int64_t hour) {
  PrincipalBaseline& b = p.baseline;
  auto current = b.hours.find(hour);
  if (current == b.hours.end() || current->second.deletions == 0) return;
  // The whole hour must lie after the learning period.
  if (hour * kHourNs < b.firstSeenNs + options_.learningNs) return;
  HourSample sample =
      earlierHours(b, hour, options_.limits.historyNs / kHourNs, &HourActivity::deletions);
  double med = median(sample.values);
  double mad = medianAbsoluteDeviation(sample.values);
  double threshold = med + std::max(options_.madFactor * mad, options_.minDeletionExcess);
  double deletions = double(current->second.deletions);
  if (deletions <= threshold) return;
  const bool storage = b.principal.rfind(kStorageAccountPrefix, 0) == 0;
  const std::string kind = storage ? "ueba.storage.mass-deletion" : "ueba.mass-deletion";
  // Deletions counted in an earlier run (the hour was still open then) have no times here.
  const int64_t firstNs = p.hourFirstNs != 0 ? p.hourFirstNs : hour * kHourNs;
  Activity a{firstNs, 0,    b.principal,
             "",      "",   storage ? p.resourceId : "",
             "",      true, storage ? ActivityKind::Storage : ActivityKind::Activity,
             false,   0};
  Alert alert = alertFor(a, kind, std::to_string(hour));
  // One alert per principal and hour, however many runs the hour was read in.
  alert.fingerprint = kind + "|" + b.principal + "|" + std::to_string(hour);
  alert.lastNs = std::max(firstNs, p.hourLastNs);
  alert.eventCount = current->second.deletions;
  alert.evidence = p.hourEvidence;
  alert.description =
      (storage ? b.principal.substr(kStorageAccountPrefix.size()) + " had " : b.principal + " ") +
      (storage ? formatNumber(deletions) + " blobs deleted"
               : "deleted " + formatNumber(deletions) + " resources") +
      " in 1h (from " + formatIso8601(hour * kHourNs) + "); baseline median " + formatNumber(med) +
      ", MAD " + formatNumber(mad) + " deletions per active hour over " +
      formatNumber(std::ceil(double(hour - sample.oldest) / 24)) + " days (" +
      std::to_string(sample.values.size()) + " active hours); threshold " +
      formatNumber(threshold) + ".";
  alerts_.push_back(std::move(alert));
}

void AnomalyDetector::checkExtraction(Principal& p, int64_t hour) {
  PrincipalBaseline& b = p.baseline;
  auto current = b.hours.find(hour);
  if (current == b.hours.end() || current->second.bytesOut == 0) return;
  if (hour * kHourNs < b.firstSeenNs + options_.learningNs) return;
  HourSample sample =
      earlierHours(b, hour, options_.limits.historyNs / kHourNs, &HourActivity::bytesOut);
  double med = median(sample.values);
  double mad = medianAbsoluteDeviation(sample.values);
  double threshold = med + std::max(options_.madFactor * mad, options_.minExtractionExcessBytes);
  double bytes = double(current->second.bytesOut);
  if (bytes <= threshold) return;
  const int64_t firstNs = p.readFirstNs != 0 ? p.readFirstNs : hour * kHourNs;
  Activity a{firstNs, 0,     b.principal,           "",    "", p.resourceId,
             "",      false, ActivityKind::Storage, false, 0};
  Alert alert = alertFor(a, "ueba.storage.unusual-extraction", std::to_string(hour));
  alert.fingerprint = "ueba.storage.unusual-extraction|" + b.principal + "|" + std::to_string(hour);
  alert.lastNs = std::max(firstNs, p.readLastNs);
  alert.evidence = p.readEvidence;
  alert.description = b.principal.substr(kStorageAccountPrefix.size()) + " served " +
                      bytesText(bytes) + " of blob reads in 1h (from " +
                      formatIso8601(hour * kHourNs) + "); baseline median " + bytesText(med) +
                      ", MAD " + bytesText(mad) + " per active hour over " +
                      formatNumber(std::ceil(double(hour - sample.oldest) / 24)) + " days (" +
                      std::to_string(sample.values.size()) + " active hours); threshold " +
                      bytesText(threshold) + ".";
  alerts_.push_back(std::move(alert));
}

}  // namespace bulwark::ueba
