#include "detectrun/streamed_alerts.h"

#include <algorithm>
#include <sstream>

#include "detect/alert_format.h"
#include "util/time.h"

namespace bulwark::detectrun {

StreamedAlerts::StreamedAlerts(const DetectSettings& settings,
                               const std::vector<suppress::SuppressionRule>& suppressions,
                               std::ostream& out)
    : settings_(settings), suppressions_(suppressions), out_(out) {
  if (!settings.noStore) store_ = std::make_unique<detect::AlertStore>(settings.store);
}

void StreamedAlerts::deliver(std::vector<detect::Alert> batch) {
  if (batch.empty()) return;
  suppressed_ += suppress::applySuppressions(batch, suppressions_, utcNowNs());
  if (store_) store_->save(batch);
  std::ostringstream text;
  detect::writeAlerts(batch, settings_.format, text);
  out_ << text.str();
  delivered_ += batch.size();
  for (const auto& a : batch)
    worst_ = std::max(worst_, severityRank(a.severity));
}

}  // namespace bulwark::detectrun
