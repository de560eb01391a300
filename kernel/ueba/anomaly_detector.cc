#include "ueba/anomaly_detector.h"

#include <algorithm>
#include <cmath>

#include "ueba/activity_view.h"
#include "ueba/anomaly_text.h"
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

std::string learnedDays(const PrincipalBaseline& b, int64_t nowNs) {
  return formatNumber(std::floor(double(nowNs - b.firstSeenNs) / kDayNs));
}

void remember(std::unordered_map<std::string, SeenValue>& values, const std::string& value,
              int64_t timeNs) {
  auto [it, added] = values.try_emplace(value, SeenValue{timeNs, timeNs});
  if (!added) it->second.lastNs = std::max(it->second.lastNs, timeNs);
}

// The principal as alerts name it: without the declaration's prefix.
std::string displayName(const std::string& principal, const ActivityInfo& d) {
  return principal.substr(std::min(d.principalPrefix.size(), principal.size()));
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
  const DeclaredActivity* declaration;
  bool delegated = false;
  int64_t bytesOut = 0;
};

struct AnomalyDetector::Principal {
  PrincipalBaseline baseline;
  int64_t learnedUntilNs = INT64_MIN;     // events at or before this are already in the baseline
  int64_t hour = INT64_MIN;               // the hour being counted
  std::vector<std::string> hourEvidence;  // the hour's deletions
  int64_t hourFirstNs = 0;
  int64_t hourLastNs = 0;
  std::vector<std::string> readEvidence;  // the hour's bytes out
  int64_t readFirstNs = 0;
  int64_t readLastNs = 0;
  std::string resourceId;  // the newest seen, for alerts raised when an hour closes
  // Of the newest activity: its hourly checks judge the hour it closes.
  const DeclaredActivity* declaration = nullptr;
};

AnomalyDetector::AnomalyDetector(BaselineStore* store, const GeoLocator* geo,
                                 AnomalyOptions options, const ActivityCatalog& catalog)
    : store_(store), geo_(geo), options_(options), catalog_(catalog) {}

AnomalyDetector::~AnomalyDetector() = default;

bool AnomalyDetector::offer(const detect::Event& e, const detect::KeyTable& keys) {
  // Most events are of types UEBA never looks at: the catalog is asked once per type.
  if (e.type >= typeActivity_.size()) typeActivity_.resize(e.type + 1, kUnknown);
  int16_t& known = typeActivity_[e.type];
  if (known == kUnknown) {
    const DeclaredActivity* d = catalog_.match(keys.text(e.type));
    auto at = std::find(declarations_.begin(), declarations_.end(), d);
    if (d != nullptr && at == declarations_.end()) at = declarations_.insert(at, d);
    known = d == nullptr ? kNone : static_cast<int16_t>(at - declarations_.begin());
  }
  if (known == kNone) return false;
  auto view = activityOf(e, keys, *declarations_[static_cast<size_t>(known)]);
  if (!view) return false;
  std::string evidence = e.origin() + ": " + e.raw.substr(0, kRawLimit);
  pending_.push_back(Activity{e.timeNs, pending_.size(), std::move(view->principal),
                              std::string(view->operation), std::string(view->address),
                              e.resourceId, std::move(evidence), view->deletion, view->declaration,
                              view->delegated, view->bytesOut});
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

bool AnomalyDetector::raises(const Activity& a, AnomalyCheck check) const {
  return a.declaration != nullptr && a.declaration->kindOf(check) != nullptr;
}

Alert AnomalyDetector::alertFor(const Activity& a, AnomalyCheck check, const std::string& key) {
  const AnomalyKindInfo& k = *a.declaration->kindOf(check);
  const ActivityInfo& d = a.declaration->info;
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
  alert.entities.emplace_back(d.principalField, displayName(a.principal, d));
  if (!a.ip.empty()) alert.entities.emplace_back(d.addressField, a.ip);
  alert.evidence.push_back(a.evidence);
  alert.fingerprint = k.id + "|" + a.principal + "|" + key + "|" + std::to_string(a.timeNs);
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
  p.declaration = a.declaration;
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

  const std::string principal = displayName(a.principal, a.declaration->info);
  if (raises(a, AnomalyCheck::NewOperation)) {
    if (!learning && !b.operations.count(a.operation)) {
      Alert alert = alertFor(a, AnomalyCheck::NewOperation, a.operation);
      alert.entities.emplace_back("operation", a.operation);
      alert.description =
          fillTemplate(a.declaration->kindOf(AnomalyCheck::NewOperation)->description,
                       {{"principal", principal},
                        {"operation", a.operation},
                        {"known_operations_count", std::to_string(b.operations.size())},
                        {"known_operations", joinKeys(b.operations, 5)},
                        {"days", learnedDays(b, a.timeNs)}});
      alerts_.push_back(std::move(alert));
    }
    remember(b.operations, a.operation, a.timeNs);
  }
  if (!a.ip.empty()) {
    if (raises(a, AnomalyCheck::DelegatedNewAddress) && !learning && a.delegated &&
        !b.ips.count(a.ip)) {
      Alert alert = alertFor(a, AnomalyCheck::DelegatedNewAddress, a.ip);
      alert.description =
          fillTemplate(a.declaration->kindOf(AnomalyCheck::DelegatedNewAddress)->description,
                       {{"principal", principal},
                        {"address", a.ip},
                        {"known_addresses_count", std::to_string(b.ips.size())},
                        {"known_addresses", joinKeys(b.ips, 5)},
                        {"days", learnedDays(b, a.timeNs)}});
      alerts_.push_back(std::move(alert));
    }
    if (raises(a, AnomalyCheck::NewCountry) || raises(a, AnomalyCheck::NewAddress) ||
        raises(a, AnomalyCheck::ImpossibleTravel))
      checkLocation(p, a, learning);
    else
      remember(b.ips, a.ip, a.timeNs);
  }
  b.lastEventNs = std::max(b.lastEventNs, a.timeNs);
}

void AnomalyDetector::checkLocation(Principal& p, const Activity& a, bool learning) {
  PrincipalBaseline& b = p.baseline;
  const std::string principal = displayName(a.principal, a.declaration->info);
  std::string country = geo_ != nullptr ? geo_->country(a.ip) : std::string();
  const std::string days = learnedDays(b, a.timeNs);
  bool newCountry = !country.empty() && !b.countries.count(country);
  bool newIp = !b.ips.count(a.ip);
  if (!learning && newCountry && raises(a, AnomalyCheck::NewCountry)) {
    Alert alert = alertFor(a, AnomalyCheck::NewCountry, country);
    alert.entities.emplace_back("country", country);
    alert.description =
        fillTemplate(a.declaration->kindOf(AnomalyCheck::NewCountry)->description,
                     {{"principal", principal},
                      {"address", a.ip},
                      {"country", country},
                      {"known_countries", b.countries.empty() ? "none" : joinKeys(b.countries)},
                      {"known_addresses_count", std::to_string(b.ips.size())},
                      {"days", days}});
    alerts_.push_back(std::move(alert));
  } else if (!learning && newIp && raises(a, AnomalyCheck::NewAddress)) {
    Alert alert = alertFor(a, AnomalyCheck::NewAddress, a.ip);
    if (!country.empty()) alert.entities.emplace_back("country", country);
    alert.description =
        fillTemplate(a.declaration->kindOf(AnomalyCheck::NewAddress)->description,
                     {{"principal", principal},
                      {"address", a.ip},
                      {"located_address", a.ip + (country.empty() ? "" : " (" + country + ")")},
                      {"known_addresses_count", std::to_string(b.ips.size())},
                      {"known_addresses", joinKeys(b.ips, 5)},
                      {"days", days}});
    alerts_.push_back(std::move(alert));
  }
  if (!country.empty() && !b.lastCountry.empty() && b.lastCountry != country) {
    auto km = countryDistanceKm(b.lastCountry, country);
    double hours = double(a.timeNs - b.lastLocatedNs) / kHourNs;
    if (!learning && km && *km >= options_.minTravelKm &&
        *km > options_.maxSpeedKmh * std::max(hours, 0.0) &&
        raises(a, AnomalyCheck::ImpossibleTravel)) {
      Alert alert = alertFor(a, AnomalyCheck::ImpossibleTravel, b.lastCountry + ">" + country);
      alert.entities.emplace_back("country", country);
      alert.entities.emplace_back(a.declaration->info.addressField, b.lastIp);
      double speed = hours > 0 ? *km / hours : INFINITY;
      alert.description =
          fillTemplate(a.declaration->kindOf(AnomalyCheck::ImpossibleTravel)->description,
                       {{"principal", principal},
                        {"previous_country", b.lastCountry},
                        {"previous_address", b.lastIp},
                        {"previous_time", formatIso8601(b.lastLocatedNs)},
                        {"country", country},
                        {"address", a.ip},
                        {"time", formatIso8601(a.timeNs)},
                        {"km", formatNumber(std::round(*km))},
                        {"minutes", formatNumber(std::round(hours * 60))},
                        {"speed", std::isinf(speed) ? std::string("instant")
                                                    : formatNumber(std::round(speed)) + " km/h"},
                        {"max_speed", formatNumber(options_.maxSpeedKmh)}});
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

std::string daysCovered(int64_t hour, const HourSample& sample) {
  return formatNumber(std::ceil(double(hour - sample.oldest) / 24));
}

}  // namespace

void AnomalyDetector::checkDeletions(Principal& p, int64_t hour) {
  PrincipalBaseline& b = p.baseline;
  auto current = b.hours.find(hour);
  if (current == b.hours.end() || current->second.deletions == 0) return;
  // The whole hour must lie after the learning period.
  if (hour * kHourNs < b.firstSeenNs + options_.learningNs) return;
  const DeclaredActivity* declaration = p.declaration;
  if (declaration == nullptr || declaration->kindOf(AnomalyCheck::MassDeletion) == nullptr) return;
  HourSample sample =
      earlierHours(b, hour, options_.limits.historyNs / kHourNs, &HourActivity::deletions);
  double med = median(sample.values);
  double mad = medianAbsoluteDeviation(sample.values);
  double threshold = med + std::max(options_.madFactor * mad, options_.minDeletionExcess);
  double deletions = double(current->second.deletions);
  if (deletions <= threshold) return;
  const ActivityInfo& d = declaration->info;
  // Deletions counted in an earlier run (the hour was still open then) have no times here.
  const int64_t firstNs = p.hourFirstNs != 0 ? p.hourFirstNs : hour * kHourNs;
  Activity a{firstNs, 0,    b.principal, "",    "", d.principalIsResource ? p.resourceId : "",
             "",      true, declaration, false, 0};
  Alert alert = alertFor(a, AnomalyCheck::MassDeletion, std::to_string(hour));
  // One alert per principal and hour, however many runs the hour was read in.
  alert.fingerprint = alert.ruleId + "|" + b.principal + "|" + std::to_string(hour);
  alert.lastNs = std::max(firstNs, p.hourLastNs);
  alert.eventCount = current->second.deletions;
  alert.evidence = p.hourEvidence;
  alert.description = fillTemplate(declaration->kindOf(AnomalyCheck::MassDeletion)->description,
                                   {{"principal", displayName(b.principal, d)},
                                    {"count", formatNumber(deletions)},
                                    {"hour", formatIso8601(hour * kHourNs)},
                                    {"median", formatNumber(med)},
                                    {"mad", formatNumber(mad)},
                                    {"days", daysCovered(hour, sample)},
                                    {"active_hours", std::to_string(sample.values.size())},
                                    {"threshold", formatNumber(threshold)}});
  alerts_.push_back(std::move(alert));
}

void AnomalyDetector::checkExtraction(Principal& p, int64_t hour) {
  PrincipalBaseline& b = p.baseline;
  auto current = b.hours.find(hour);
  if (current == b.hours.end() || current->second.bytesOut == 0) return;
  if (hour * kHourNs < b.firstSeenNs + options_.learningNs) return;
  const DeclaredActivity* declaration = p.declaration;
  if (declaration == nullptr || declaration->kindOf(AnomalyCheck::UnusualExtraction) == nullptr)
    return;
  HourSample sample =
      earlierHours(b, hour, options_.limits.historyNs / kHourNs, &HourActivity::bytesOut);
  double med = median(sample.values);
  double mad = medianAbsoluteDeviation(sample.values);
  double threshold = med + std::max(options_.madFactor * mad, options_.minExtractionExcessBytes);
  double bytes = double(current->second.bytesOut);
  if (bytes <= threshold) return;
  const ActivityInfo& d = declaration->info;
  const int64_t firstNs = p.readFirstNs != 0 ? p.readFirstNs : hour * kHourNs;
  Activity a{firstNs, 0,     b.principal, "",    "", d.principalIsResource ? p.resourceId : "",
             "",      false, declaration, false, 0};
  Alert alert = alertFor(a, AnomalyCheck::UnusualExtraction, std::to_string(hour));
  alert.fingerprint = alert.ruleId + "|" + b.principal + "|" + std::to_string(hour);
  alert.lastNs = std::max(firstNs, p.readLastNs);
  alert.evidence = p.readEvidence;
  alert.description =
      fillTemplate(declaration->kindOf(AnomalyCheck::UnusualExtraction)->description,
                   {{"principal", displayName(b.principal, d)},
                    {"bytes", bytesText(bytes)},
                    {"hour", formatIso8601(hour * kHourNs)},
                    {"median", bytesText(med)},
                    {"mad", bytesText(mad)},
                    {"days", daysCovered(hour, sample)},
                    {"active_hours", std::to_string(sample.values.size())},
                    {"threshold", bytesText(threshold)}});
  alerts_.push_back(std::move(alert));
}

}  // namespace bulwark::ueba
