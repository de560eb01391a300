// Suppression rules in the scan store (table suppression_rules, schema version 6).
#pragma once

#include <string>
#include <vector>

#include "suppress/suppression_rule.h"

struct sqlite3;

namespace bulwark::suppress {

class SuppressionStore {
 public:
  // Opens (creating and migrating as needed) the store at `path`; throws StoreError.
  explicit SuppressionStore(const std::string& path);
  ~SuppressionStore();
  SuppressionStore(const SuppressionStore&) = delete;
  SuppressionStore& operator=(const SuppressionStore&) = delete;

  // Validates (std::invalid_argument), stores and returns the rule with its id.
  SuppressionRule add(SuppressionRule rule);
  // Every rule, expired ones included, oldest first.
  std::vector<SuppressionRule> list() const;
  // False when no rule has that id.
  bool remove(int64_t id);

 private:
  sqlite3* db_ = nullptr;
  std::string path_;
};

}  // namespace bulwark::suppress
