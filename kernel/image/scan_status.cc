#include "image/scan_status.h"

#include <sqlite3.h>

#include "pluginstate/plugin_state_schema.h"
#include "store/schema.h"
#include "store/store.h"
#include "util/sqlite_statement.h"
#include "util/time.h"

namespace bulwark::image {
namespace {

constexpr const char* kColumns =
    "digest, reference, state, reason, updated_at, scanned_at, vulndb_imported_at, packages, "
    "findings, result";

ScanState stateFromKey(const std::string& key) {
  if (key == "in-progress") return ScanState::InProgress;
  if (key == "error") return ScanState::Error;
  if (key == "completed") return ScanState::Completed;
  return ScanState::Unscanned;
}

ImageStatus readRow(const Statement& s) {
  ImageStatus st;
  st.digest = s.text(0);
  st.reference = s.text(1);
  st.state = stateFromKey(s.text(2));
  st.reason = s.text(3);
  st.updatedAt = s.text(4);
  st.scannedAt = s.text(5);
  st.vulndbImportedAt = s.text(6);
  st.packages = s.integer(7);
  st.findings = s.integer(8);
  st.resultJson = s.text(9);
  return st;
}

}  // namespace

const char* scanStateName(ScanState state) {
  switch (state) {
    case ScanState::Unscanned:
      return "Unscanned";
    case ScanState::InProgress:
      return "Scan in progress";
    case ScanState::Error:
      return "Scan error";
    case ScanState::Completed:
      return "Completed";
  }
  return "Unscanned";
}

const char* scanStateKey(ScanState state) {
  switch (state) {
    case ScanState::Unscanned:
      return "unscanned";
    case ScanState::InProgress:
      return "in-progress";
    case ScanState::Error:
      return "error";
    case ScanState::Completed:
      return "completed";
  }
  return "unscanned";
}

ScanStatusStore::ScanStatusStore(const std::string& path) : path_(path) {
  db_ = openStore(path, {&pluginstate::imageScansSchema()});
}

ScanStatusStore::~ScanStatusStore() {
  sqlite3_close(db_);
}

void ScanStatusStore::upsert(const std::string& digest, const std::string& reference,
                             ScanState state, const std::string& reason) {
  Statement s(db_,
              "INSERT INTO image_scans (digest, reference, state, reason, updated_at) "
              "VALUES (?, ?, ?, ?, ?) ON CONFLICT (digest) DO UPDATE SET "
              "reference = excluded.reference, state = excluded.state, "
              "reason = excluded.reason, updated_at = excluded.updated_at");
  s.bind(1, digest).bind(2, reference).bind(3, std::string(scanStateKey(state)));
  s.bind(4, reason).bind(5, utcNowIso8601()).run();
}

void ScanStatusStore::markUnscanned(const std::string& digest, const std::string& reference) {
  Statement s(db_,
              "INSERT INTO image_scans (digest, reference, state, reason, updated_at) "
              "VALUES (?, ?, 'unscanned', '', ?) ON CONFLICT (digest) DO NOTHING");
  s.bind(1, digest).bind(2, reference).bind(3, utcNowIso8601()).run();
}

void ScanStatusStore::markInProgress(const std::string& digest, const std::string& reference) {
  upsert(digest, reference, ScanState::InProgress, "");
}

void ScanStatusStore::markError(const std::string& digest, const std::string& reference,
                                const std::string& reason) {
  upsert(digest, reference, ScanState::Error, reason);
}

void ScanStatusStore::markCompleted(const std::string& digest, const std::string& reference,
                                    const std::string& vulndbImportedAt, int64_t packages,
                                    int64_t findings, const std::string& resultJson) {
  const std::string now = utcNowIso8601();
  Statement s(db_,
              "INSERT INTO image_scans (digest, reference, state, reason, updated_at, "
              "scanned_at, vulndb_imported_at, packages, findings, result) "
              "VALUES (?, ?, 'completed', '', ?, ?, ?, ?, ?, ?) ON CONFLICT (digest) DO UPDATE "
              "SET reference = excluded.reference, state = 'completed', reason = '', "
              "updated_at = excluded.updated_at, scanned_at = excluded.scanned_at, "
              "vulndb_imported_at = excluded.vulndb_imported_at, packages = excluded.packages, "
              "findings = excluded.findings, result = excluded.result");
  s.bind(1, digest).bind(2, reference).bind(3, now).bind(4, now).bind(5, vulndbImportedAt);
  s.bind(6, packages).bind(7, findings).bind(8, resultJson).run();
}

std::vector<ImageStatus> ScanStatusStore::list() const {
  Statement s(db_, (std::string("SELECT ") + kColumns +
                    " FROM image_scans ORDER BY updated_at DESC, digest")
                       .c_str());
  std::vector<ImageStatus> out;
  while (s.step())
    out.push_back(readRow(s));
  return out;
}

std::optional<ImageStatus> ScanStatusStore::find(const std::string& digestOrPrefix) const {
  std::string prefix = digestOrPrefix;
  std::vector<ImageStatus> matches;
  for (const std::string& candidate : {prefix, "sha256:" + prefix}) {
    Statement s(db_, (std::string("SELECT ") + kColumns +
                      " FROM image_scans WHERE substr(digest, 1, length(?1)) = ?1")
                         .c_str());
    s.bind(1, candidate);
    while (s.step())
      matches.push_back(readRow(s));
    if (!matches.empty()) break;
  }
  for (const auto& m : matches)
    if (m.digest == digestOrPrefix) return m;
  if (matches.size() == 1) return matches.front();
  return std::nullopt;
}

}  // namespace bulwark::image
