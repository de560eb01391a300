#include "plugin_detect/plugin_alert_intake.h"

#include <algorithm>
#include <climits>
#include <nlohmann/json.hpp>

#include "redact/redact.h"
#include "util/time.h"

namespace bulwark::plugindetect {
namespace {

constexpr int64_t kNsPerSecond = 1000000000;

std::string_view view(bw_str s) {
  return s.ptr == nullptr ? std::string_view{} : std::string_view(s.ptr, s.len);
}

std::string capped(std::string_view text, size_t limit) {
  if (text.size() <= limit) return std::string(text);
  return std::string(text.substr(0, limit)) + "...";
}

const char* severityName(int severity) {
  switch (severity) {
    case BW_SEVERITY_HIGH:
      return "High";
    case BW_SEVERITY_MEDIUM:
      return "Medium";
    case BW_SEVERITY_LOW:
      return "Low";
    case BW_SEVERITY_INFORMATIONAL:
      return "Informational";
    default:
      return nullptr;
  }
}

// The lines of an alert's evidence: a JSON array of strings, or an object as one line.
std::string evidenceLines(std::string_view text, std::vector<std::string>& out) {
  if (text.empty()) return {};
  auto doc = nlohmann::json::parse(text, nullptr, false);
  if (doc.is_discarded()) return "evidence is not JSON";
  if (doc.is_object()) {
    out.push_back(capped(doc.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                         PluginAlertIntake::kEvidenceLineBytes));
    return {};
  }
  if (!doc.is_array()) return "evidence must be a JSON array of strings or an object";
  for (const auto& line : doc) {
    if (!line.is_string()) return "evidence must be a JSON array of strings or an object";
    if (out.size() < PluginAlertIntake::kEvidenceLines)
      out.push_back(capped(line.get<std::string>(), PluginAlertIntake::kEvidenceLineBytes));
  }
  return {};
}

}  // namespace

void PluginAlertIntake::declare(const std::string& pluginId, const PluginManifest& manifest) {
  for (const auto& set : manifest.ruleSets) {
    for (const auto& rule : set.nativeRules)
      rules_[rule.id] = Declared{pluginId, rule};
  }
}

std::string PluginAlertIntake::validate(const std::string& pluginId, const bw_alert& in,
                                        detect::Alert& out, const Declared*& declared) const {
  std::string_view ruleId = view(in.rule_id);
  if (ruleId.empty()) return "alert has an empty rule id";
  auto rule = rules_.find(std::string(ruleId));
  if (rule == rules_.end() || rule->second.pluginId != pluginId)
    return "alert of rule '" + capped(ruleId, 200) +
           "', which the plugin's manifest does not declare";
  declared = &rule->second;
  const char* severity = severityName(static_cast<int>(in.severity));
  if (severity == nullptr)
    return "alert of rule '" + rule->first + "' has severity " +
           std::to_string(static_cast<int>(in.severity)) + ", not a bw_severity";
  if (in.time_unix_ns <= 0) return "alert of rule '" + rule->first + "' has no time";
  if (in.entities == nullptr && in.entity_count != 0)
    return "alert of rule '" + rule->first + "' has entities without an array";
  const NativeRuleInfo& info = rule->second.rule;
  out.ruleId = info.id;
  std::string_view title = view(in.title);
  out.title = title.empty() ? info.title : capped(title, kValueBytes);
  out.description = info.description;
  out.severity = severity;
  out.tactic = info.tactic;
  out.technique = info.technique;
  out.remediation = info.remediation;
  out.resourceId = capped(view(in.resource_id), kValueBytes);
  out.firstNs = out.lastNs = in.time_unix_ns;
  out.eventCount = 1;
  for (size_t i = 0; i < in.entity_count; ++i) {
    std::string_view key = keys_.text(in.entities[i].key);
    if (key.empty())
      return "alert of rule '" + rule->first + "' has entity key " +
             std::to_string(in.entities[i].key) + ", which host->intern never gave";
    std::string value = redactText(capped(view(in.entities[i].value), kValueBytes));
    if (value.empty()) continue;
    std::pair<std::string, std::string> entity(std::string(key), std::move(value));
    if (std::find(out.entities.begin(), out.entities.end(), entity) == out.entities.end())
      out.entities.push_back(std::move(entity));
  }
  std::vector<std::string> lines;
  if (std::string why = evidenceLines(view(in.evidence_json), lines); !why.empty())
    return "alert of rule '" + rule->first + "': " + why;
  for (auto& line : lines)
    out.evidence.push_back(redactText(line));
  return {};
}

std::string PluginAlertIntake::take(const std::string& pluginId, const bw_alert& in) {
  detect::Alert alert;
  const Declared* declared = nullptr;
  if (std::string why = validate(pluginId, in, alert, declared); !why.empty()) return why;
  auto sortedEntities = alert.entities;
  std::sort(sortedEntities.begin(), sortedEntities.end());
  std::string group = alert.resourceId;
  for (const auto& [k, v] : sortedEntities)
    group += "," + k + "=" + v;
  std::string key = alert.ruleId + '\x1f' + group;
  int64_t dedupNs = declared->rule.dedupSeconds * kNsPerSecond;
  if (auto it = open_.find(key); it != open_.end()) {
    Held& held = alerts_[it->second];
    if (alert.firstNs >= held.alert.firstNs && alert.firstNs - held.alert.lastNs <= dedupNs) {
      held.alert.lastNs = std::max(held.alert.lastNs, alert.lastNs);
      held.alert.eventCount += 1;
      for (auto& line : alert.evidence) {
        if (held.alert.evidence.size() >= kEvidenceLines) break;
        if (std::find(held.alert.evidence.begin(), held.alert.evidence.end(), line) ==
            held.alert.evidence.end())
          held.alert.evidence.push_back(std::move(line));
      }
      held.changed = true;
      return {};
    }
  }
  alert.fingerprint = alert.ruleId + "|" + group + "|" + formatIso8601(alert.firstNs);
  open_[key] = alerts_.size();
  alerts_.push_back(Held{std::move(alert), key, dedupNs, true});
  return {};
}

void PluginAlertIntake::forgetClosed(int64_t nowNs, std::vector<detect::Alert>* taken) {
  std::vector<Held> kept;
  open_.clear();
  for (auto& held : alerts_) {
    bool closed = nowNs == INT64_MAX || held.alert.lastNs + held.dedupNs < nowNs;
    if (closed) {
      if (taken != nullptr) taken->push_back(std::move(held.alert));
      continue;
    }
    kept.push_back(std::move(held));
  }
  alerts_ = std::move(kept);
  for (size_t i = 0; i < alerts_.size(); ++i)
    open_[alerts_[i].key] = i;
}

std::vector<detect::Alert> PluginAlertIntake::drainChanged(int64_t nowNs) {
  std::vector<detect::Alert> out;
  for (auto& held : alerts_) {
    if (held.changed) out.push_back(held.alert);
    held.changed = false;
  }
  forgetClosed(nowNs, nullptr);
  return out;
}

std::vector<detect::Alert> PluginAlertIntake::takeFinished(int64_t nowNs) {
  std::vector<detect::Alert> out;
  forgetClosed(nowNs, &out);
  return out;
}

}  // namespace bulwark::plugindetect
