// Alerts in the scan store (the "alerts" table, schema versions 4 and 6). Saving an alert whose
// fingerprint is already stored updates its last time, count and evidence and keeps the
// status an operator gave it, so re-running detection over the same logs adds nothing twice.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "detect/alert.h"
#include "detect/follow.h"

struct sqlite3;

namespace bulwark::detect {

class AlertStore {
 public:
  // Opens (creating and migrating as needed) the store at `path`; throws StoreError.
  explicit AlertStore(const std::string& path);
  ~AlertStore();
  AlertStore(const AlertStore&) = delete;
  AlertStore& operator=(const AlertStore&) = delete;

  // Saves in one transaction (an alert with suppressedBy set is stored as suppressed), with the
  // follow positions the alerts were read up to (so a restart neither loses nor repeats lines);
  // sets each alert's id and stored status. Returns how many alerts were new.
  size_t save(std::vector<Alert>& alerts, const std::vector<FollowPosition>& positions = {});
  std::optional<FollowPosition> position(const std::string& source) const;
  // Newest first; `status` empty for every status.
  std::vector<Alert> list(const std::string& status = "") const;
  std::optional<Alert> get(int64_t id) const;
  // False when no alert has that id. Throws std::invalid_argument for an unknown status.
  bool setStatus(int64_t id, const std::string& status);
  // Marks an alert suppressed by `by` (the suppression rule); false when no alert has that id.
  bool suppress(int64_t id, const std::string& by);

  static bool isStatus(const std::string& status);

 private:
  std::vector<Alert> query(const std::string& where, int64_t id, const std::string& status) const;
  sqlite3* db_ = nullptr;
  std::string path_;
};

}  // namespace bulwark::detect
