// The vulnerability database as a service of the kernel, for plugins (the ABI 1.2 host
// service) and long-running commands: the operator's one database file, opened read-only,
// reopened when a `bulwark vulndb import` has changed it, and safe to use from several
// threads. A match runs against the snapshot current when it starts.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "vuln/match/matcher.h"

namespace bulwark::vuln {

class VulnDb;

class VulnDbService {
 public:
  // Opens `path`; throws VulnDbError naming the file when it is not a database.
  explicit VulnDbService(std::string path);

  struct Snapshot {
    std::shared_ptr<const VulnDb> db;
    std::string importedAt;
    // What identifies the content: the import time (to the second), the advisory count and
    // every source with its import time and record count, so two imports within one second
    // that change the content still differ.
    std::string version;
  };
  Snapshot current() const;
  // Reopens the database when an import changed it; true when it did.
  bool refresh();
  // The same, but looks at the file at most once a second (plugins ask often); failures to
  // reopen keep the current snapshot.
  void refreshIfStale();

  // The advisories of each query, in query order. Throws VulnDbError on database failure.
  std::vector<std::vector<VulnerabilityMatch>> match(
      const std::vector<PackageQuery>& queries) const;

  const std::string& path() const { return path_; }

 private:
  std::string path_;
  mutable std::mutex mutex_;
  Snapshot current_;
  std::chrono::steady_clock::time_point checkedAt_ = std::chrono::steady_clock::now();
  mutable std::mutex matchMutex_;  // one SQLite connection per snapshot: one match at a time
};

}  // namespace bulwark::vuln
