#include "vuln/service/vulndb_service.h"

#include "vuln/db/vuln_db.h"

namespace bulwark::vuln {
namespace {

VulnDbService::Snapshot open(const std::string& path) {
  auto db = std::make_shared<const VulnDb>(path, false);
  DbStatus status = db->status();
  std::string version = status.lastImportAt + "|" + std::to_string(status.advisories);
  for (const auto& s : status.sources)
    version += "|" + s.path + "@" + s.importedAt + "#" + std::to_string(s.records);
  return {db, status.lastImportAt, version};
}

}  // namespace

VulnDbService::VulnDbService(std::string path) : path_(std::move(path)), current_(open(path_)) {}

VulnDbService::Snapshot VulnDbService::current() const {
  std::lock_guard lock(mutex_);
  return current_;
}

bool VulnDbService::refresh() {
  Snapshot fresh = open(path_);
  std::lock_guard lock(mutex_);
  if (fresh.version == current_.version) return false;
  current_ = std::move(fresh);
  return true;
}

void VulnDbService::refreshIfStale() {
  {
    std::lock_guard lock(mutex_);
    auto now = std::chrono::steady_clock::now();
    if (now - checkedAt_ < std::chrono::seconds(1)) return;
    checkedAt_ = now;
  }
  try {
    refresh();
  } catch (const std::exception&) {
    // A database being rewritten by an import may not open; the next check tries again.
  }
}

std::vector<std::vector<VulnerabilityMatch>> VulnDbService::match(
    const std::vector<PackageQuery>& queries) const {
  Snapshot snapshot = current();
  std::lock_guard lock(matchMutex_);
  Matcher matcher(*snapshot.db);
  std::vector<std::vector<VulnerabilityMatch>> out;
  out.reserve(queries.size());
  for (const auto& q : queries)
    out.push_back(matcher.match(q));
  return out;
}

}  // namespace bulwark::vuln
