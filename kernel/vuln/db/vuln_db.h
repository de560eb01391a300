// The vulnerability database: one SQLite file of its own (never the scan store), built by the
// importers and read by the matcher. It records its schema version, every imported source
// with its import time, and the advisories with the packages they affect.
#pragma once

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "vuln/db/advisory.h"

struct sqlite3;

namespace bulwark::vuln {

class VulnDbError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct SourceInfo {
  std::string path;
  std::string kind;  // osv, debian-tracker, alpine-secdb, wolfi-secdb or a '+'-joined mix
  std::string importedAt;
  int64_t records = 0;
  int64_t problems = 0;
};

struct EcosystemCount {
  std::string ecosystem;  // "npm", "debian 12", "alpine 3.12"
  int64_t advisories = 0;
  int64_t packages = 0;  // affected (advisory, package) rows
};

struct DbStatus {
  int schemaVersion = 0;
  std::string createdAt;
  std::string lastImportAt;
  std::vector<SourceInfo> sources;
  std::vector<EcosystemCount> ecosystems;
  int64_t advisories = 0;
};

// One stored affected-package row joined with its advisory, as the matcher reads it.
struct AffectedRow {
  Advisory advisory;         // without its affected list
  AffectedPackage affected;  // this row
};

class VulnDb {
 public:
  static constexpr int kSchemaVersion = 1;

  // Opens `path`; creates it (and its folder) when `create` is set. Throws VulnDbError for a
  // file that is not a vulnerability database or has a newer schema.
  VulnDb(const std::string& path, bool create);
  ~VulnDb();
  VulnDb(const VulnDb&) = delete;
  VulnDb& operator=(const VulnDb&) = delete;

  void begin();
  void commit();
  void rollback();

  // OSV records are complete: their affected rows are replaced. Feed records (tracker, secdb)
  // each carry one package: their rows are upserted and the advisory is merged.
  void putAdvisory(const Advisory& advisory, bool replaceAffected);
  void recordSource(const SourceInfo& source);

  DbStatus status() const;
  std::vector<AffectedRow> affectedRows(const std::string& ecosystem,
                                        const std::string& package) const;
  const std::string& path() const { return path_; }

 private:
  void exec(const char* sql) const;

  struct WriteStatements;  // prepared once per import: imports write thousands of rows

  std::string path_;
  sqlite3* db_ = nullptr;
  std::unique_ptr<WriteStatements> writes_;
};

}  // namespace bulwark::vuln
