// Incidents: alerts that share an entity (an address, a user, a host, a resource) and happen
// within `gap` of each other are one incident; linking is transitive. The timeline orders an
// incident's alerts by time, then by kill-chain stage.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "detect/alert.h"

namespace bulwark::detect {

struct Incident {
  std::vector<const Alert*> timeline;  // points into the alerts given to correlate()
  std::vector<std::pair<std::string, std::string>> sharedEntities;  // what links them
  std::string severity;                                             // the highest of its alerts
  int64_t firstNs = 0;
  int64_t lastNs = 0;
  std::vector<std::string> tactics;  // distinct, kill-chain order
};

struct CorrelationOptions {
  int64_t gapNs = 3600LL * 1000000000LL;
  // Entity types that link alerts; "resource" stands for the alert's resource id.
  std::vector<std::string> entityTypes = {"ip", "user", "host", "resource", "rhost", "src_host"};
};

// Incidents of two or more alerts, plus single alerts as incidents of one (so every alert
// belongs to exactly one incident); sorted by first time. `alerts` must outlive the result.
std::vector<Incident> correlate(const std::vector<Alert>& alerts,
                                const CorrelationOptions& options = {});

}  // namespace bulwark::detect
