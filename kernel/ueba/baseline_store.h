// UEBA baselines in the scan store (tables ueba_principals, ueba_seen, ueba_hours), so they
// survive restarts. A principal is read when first needed and written back whole.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "ueba/principal_baseline.h"

struct sqlite3;

namespace bulwark::ueba {

class BaselineStore {
 public:
  // Opens (creating and migrating as needed) the store at `path`; throws StoreError.
  explicit BaselineStore(const std::string& path);
  ~BaselineStore();
  BaselineStore(const BaselineStore&) = delete;
  BaselineStore& operator=(const BaselineStore&) = delete;

  std::optional<PrincipalBaseline> load(const std::string& principal) const;
  // Replaces the stored baselines of these principals, in one transaction.
  void save(const std::vector<const PrincipalBaseline*>& baselines);
  size_t principalCount() const;
  // Stored rows of one principal (seen values plus hours): how much it holds.
  size_t rowCount(const std::string& principal) const;

 private:
  sqlite3* db_ = nullptr;
  std::string path_;
};

}  // namespace bulwark::ueba
