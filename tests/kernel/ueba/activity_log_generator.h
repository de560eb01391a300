// A seeded generator of Azure Activity Log documents in the REST API's documented shape
// ({"value": [EventData...]}, newest first): a handful of principals (users and a service
// principal) working office hours from addresses in their countries, one of them travelling
// between the US and Great Britain, with optional injected anomalies whose kind, principal
// and time are returned so tests can require exactly those alerts.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace bulwark::test {

struct ActivityLogOptions {
  uint64_t seed = 20261001;
  int days = 21;
  int64_t startNs = 1790812800LL * 1000000000;  // 2026-10-01T00:00:00Z, a Thursday
  bool injectAnomalies = true;
  int injectFromDay = 15;  // injected anomalies fall on this day and the next ones
};

struct InjectedAnomaly {
  std::string ruleId;  // the UEBA rule that must find it, e.g. "ueba.new-country"
  std::string principal;
  int64_t timeNs = 0;  // its first event
};

struct ActivityLog {
  std::string json;  // the whole document
  size_t records = 0;
  std::vector<InjectedAnomaly> injected;
};

ActivityLog generateActivityLog(const ActivityLogOptions& options = {});

}  // namespace bulwark::test
