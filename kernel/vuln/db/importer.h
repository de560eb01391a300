// `bulwark vulndb import`: reads OSV records (JSON or YAML, folders recursively, OSV's
// per-ecosystem .zip files), Debian security tracker JSON and Alpine/Wolfi secdb JSON into a
// VulnDb. Each path given is one source, imported in one transaction and recorded with its
// import time. Broken records are reported with file and place and skipped; the rest import.
// Importing the same data again leaves the database unchanged (apart from import times).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "vuln/db/advisory.h"
#include "vuln/db/vuln_db.h"

namespace bulwark::vuln {

struct ImportSummary {
  int64_t files = 0;         // files and zip entries read
  int64_t records = 0;       // advisories stored
  int64_t ignoredFiles = 0;  // JSON/YAML files that are not advisories (indexes, Sources...)
  double seconds = 0;
  std::vector<ImportProblem> problems;
};

// Zip entries larger than this are refused as likely decompression bombs.
inline constexpr int64_t kMaxRecordBytes = 64LL << 20;

ImportSummary importSources(VulnDb& db, const std::vector<std::string>& paths);

}  // namespace bulwark::vuln
