// Plans in the scan store (table plans, schema version 7).
#pragma once

#include <string>
#include <vector>

#include "plans/plan.h"

struct sqlite3;

namespace bulwark::plans {

class PlanStore {
 public:
  // Opens (creating and migrating as needed) the store at `path`; throws StoreError.
  explicit PlanStore(const std::string& path);
  ~PlanStore();
  PlanStore(const PlanStore&) = delete;
  PlanStore& operator=(const PlanStore&) = delete;

  std::vector<PlanRecord> list() const;
  // Records `plan` for the plugin at the scope. "trial" starts the 30-day trial at `nowNs`,
  // once: setting trial again keeps the first start (an ended trial stays ended). Throws
  // std::invalid_argument for an unknown plan.
  void set(const std::string& plugin, const std::string& scope, const std::string& plan,
           int64_t nowNs);
  // The plan in force; when the plugin has none at that scope, its standard trial starts now
  // (recorded at "/"), so detection runs for the first 30 days.
  EffectivePlan effective(const std::string& plugin, const std::string& scope, int64_t nowNs);

 private:
  sqlite3* db_ = nullptr;
  std::string path_;
};

}  // namespace bulwark::plans
