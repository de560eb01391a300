// Batch runs with JSON Lines output and no --incidents: alerts go through suppression, into
// the store and to the output in batches, as soon as their dedup window has closed, so memory
// stays flat however long the logs are.
#pragma once

#include <memory>
#include <ostream>
#include <vector>

#include "detect/alert.h"
#include "detect/alert_store.h"
#include "detectrun/detect_settings.h"
#include "suppress/suppression_rule.h"

namespace bulwark::detectrun {

class StreamedAlerts {
 public:
  // `suppressions` must outlive this object.
  StreamedAlerts(const DetectSettings& settings,
                 const std::vector<suppress::SuppressionRule>& suppressions, std::ostream& out);

  void deliver(std::vector<detect::Alert> batch);
  size_t delivered() const { return delivered_; }
  size_t suppressed() const { return suppressed_; }
  int worstSeverity() const { return worst_; }  // severityRank; -1 before any alert

 private:
  const DetectSettings& settings_;
  const std::vector<suppress::SuppressionRule>& suppressions_;
  std::ostream& out_;
  std::unique_ptr<detect::AlertStore> store_;
  size_t delivered_ = 0;
  size_t suppressed_ = 0;
  int worst_ = -1;
};

}  // namespace bulwark::detectrun
