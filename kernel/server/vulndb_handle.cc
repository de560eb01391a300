#include "server/vulndb_handle.h"

#include "vuln/db/vuln_db.h"

namespace bulwark::server {
namespace {

VulnDbHandle::Snapshot open(const std::string& path) {
  auto db = std::make_shared<const vuln::VulnDb>(path, false);
  vuln::DbStatus status = db->status();
  std::string version = status.lastImportAt + "|" + std::to_string(status.advisories);
  for (const auto& s : status.sources)
    version += "|" + s.path + "@" + s.importedAt + "#" + std::to_string(s.records);
  return {db, status.lastImportAt, version};
}

}  // namespace

VulnDbHandle::VulnDbHandle(std::string path) : path_(std::move(path)), current_(open(path_)) {}

VulnDbHandle::Snapshot VulnDbHandle::current() const {
  std::lock_guard lock(mutex_);
  return current_;
}

bool VulnDbHandle::refresh() {
  Snapshot fresh = open(path_);
  std::lock_guard lock(mutex_);
  if (fresh.version == current_.version) return false;
  current_ = std::move(fresh);
  return true;
}

}  // namespace bulwark::server
