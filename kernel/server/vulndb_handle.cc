#include "server/vulndb_handle.h"

#include "vuln/db/vuln_db.h"

namespace bulwark::server {
namespace {

VulnDbHandle::Snapshot open(const std::string& path) {
  auto db = std::make_shared<const vuln::VulnDb>(path, false);
  return {db, db->status().lastImportAt};
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
  if (fresh.importedAt == current_.importedAt) return false;
  current_ = std::move(fresh);
  return true;
}

}  // namespace bulwark::server
