// The server's view of the vulnerability database file: opened read-only, and reopened when a
// `bulwark vulndb import` has changed it (its last import time moved), so a long-running server
// matches against the newest advisories and knows when to rescan what it already scanned.
// Safe to use from several threads; a scan keeps the handle it started with.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <utility>

namespace bulwark::vuln {
class VulnDb;
}

namespace bulwark::server {

class VulnDbHandle {
 public:
  // Throws (naming the file) when it cannot be opened.
  explicit VulnDbHandle(std::string path);

  struct Snapshot {
    std::shared_ptr<const vuln::VulnDb> db;
    std::string importedAt;
    // What identifies the content: the import time (to the second), the advisory count and
    // every source with its import time and record count, so two imports within one second
    // that change the content still differ.
    std::string version;
  };
  Snapshot current() const;
  // Reopens the database when an import changed it; true when it did.
  bool refresh();

 private:
  std::string path_;
  mutable std::mutex mutex_;
  Snapshot current_;
};

}  // namespace bulwark::server
