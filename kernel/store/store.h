// The embedded SQLite store: a versioned schema migrated forward on open, WAL journaling, and
// one transaction per scan, so a scan that fails or is killed midway leaves every earlier
// scan intact and readable.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "scan/scan_record.h"

struct sqlite3;

namespace bulwark {

class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

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
  static constexpr int kSchemaVersion = 11;

  // Opens (creating if needed) and migrates to `targetVersion` (tests use older versions).
  // Throws StoreError naming the file, e.g. for a schema newer than this build knows.
  explicit Store(const std::string& path, int targetVersion = kSchemaVersion);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  int schemaVersion() const;
  const std::string& path() const { return path_; }

  // Writes the whole scan in one transaction and returns its id.
  int64_t saveScan(const ScanRecord& scan);
  std::vector<ScanSummary> listScans() const;
  std::optional<ScanRecord> loadScan(int64_t id) const;
  std::optional<int64_t> latestScanId() const;

 private:
  void migrate(int targetVersion);
  void exec(const std::string& sql) const;

  std::string path_;
  sqlite3* db_ = nullptr;
};

// A read-write connection to the store at `path` for the subsystems that keep their own tables
// there (alerts, baselines, suppressions, plans, image scans, scores): the file is created and
// migrated first, and the connection waits up to 5 s on a busy database. The caller closes it
// with sqlite3_close. Throws StoreError naming the file.
sqlite3* openMigratedStore(const std::string& path);

}  // namespace bulwark
