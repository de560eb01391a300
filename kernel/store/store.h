// The embedded SQLite store of scans: its part of the schema ("scans", store/scans_schema.h)
// migrated forward on open, WAL journaling, and one transaction per scan, so a scan that fails
// or is killed midway leaves every earlier scan intact and readable. Other subsystems keep their
// own parts in the same file (store/schema.h).
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "model/scan_record.h"
#include "util/sqlite_statement.h"

struct sqlite3;

namespace bulwark {

// A problem with the store's file or schema (an SQLite error, named with the file).
using StoreError = SqliteError;

struct ScanSummary {
  int64_t id = 0;
  std::string startedAt;
  std::string finishedAt;
  std::string status;
  std::string scopes;
  int64_t resources = 0;
  int64_t unhealthy = 0;
};

class Store {
 public:
  // Opens (creating if needed) and migrates the scans part. Throws StoreError naming the file,
  // e.g. for a schema newer than this build knows.
  explicit Store(const std::string& path);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // The version of a part of the schema in this store (0: not created).
  int partVersion(const std::string& part) const;
  const std::string& path() const { return path_; }

  // Writes the whole scan in one transaction and returns its id.
  int64_t saveScan(const ScanRecord& scan);
  std::vector<ScanSummary> listScans() const;
  std::optional<ScanRecord> loadScan(int64_t id) const;
  std::optional<int64_t> latestScanId() const;

 private:
  void exec(const std::string& sql) const;

  std::string path_;
  sqlite3* db_ = nullptr;
};

}  // namespace bulwark
