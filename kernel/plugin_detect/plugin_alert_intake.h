// Turns the alerts a plugin's native detector emits (bw_alert) into engine alerts. Nothing a
// plugin hands over is trusted: an undeclared or empty rule id, a severity outside bw_severity,
// a key the table does not know or evidence that is not JSON makes the alert invalid (counted
// and explained, never a crash). Repeated alerts of one rule on the same entities within the
// rule's declared dedup window merge into one, as the engine does for YAML rules.
#pragma once

#include <bulwark/plugin.h>

#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "detect/alert.h"
#include "detect/event.h"
#include "loader/plugin_manifest.h"

namespace bulwark::plugindetect {

class PluginAlertIntake {
 public:
  static constexpr size_t kEvidenceLines = 20;
  static constexpr size_t kEvidenceLineBytes = 4096;
  static constexpr size_t kValueBytes = 1024;

  // `keys` must outlive the intake.
  explicit PluginAlertIntake(const detect::KeyTable& keys) : keys_(keys) {}

  // The native rules `pluginId` may raise (from its manifest).
  void declare(const std::string& pluginId, const PluginManifest& manifest);

  // Takes one alert of `pluginId`; "" when taken, else why it is invalid.
  std::string take(const std::string& pluginId, const bw_alert& alert);

  // Alerts raised or merged since the last drain (copies); those whose dedup window closed
  // before `nowNs` are then forgotten, so memory stays bounded on endless streams.
  std::vector<detect::Alert> drainChanged(int64_t nowNs);
  // Removes and returns alerts whose dedup window closed before `nowNs` (INT64_MAX: all).
  std::vector<detect::Alert> takeFinished(int64_t nowNs);
  size_t held() const { return alerts_.size(); }

 private:
  struct Declared {
    std::string pluginId;
    NativeRuleInfo rule;
  };
  struct Held {
    detect::Alert alert;
    std::string key;  // rule id and group
    int64_t dedupNs = 0;
    bool changed = true;
  };
  std::string validate(const std::string& pluginId, const bw_alert& in, detect::Alert& out,
                       const Declared*& declared) const;
  void forgetClosed(int64_t nowNs, std::vector<detect::Alert>* taken);

  const detect::KeyTable& keys_;
  std::map<std::string, Declared> rules_;  // native rule id -> declaration
  std::vector<Held> alerts_;
  std::unordered_map<std::string, size_t> open_;  // group key -> index into alerts_
};

}  // namespace bulwark::plugindetect
