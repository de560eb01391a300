// Scan status per image digest, in the scan store (table image_scans): Unscanned, Scan in
// progress, Scan error (with its reason) or Completed, with the last completed result as JSON
// and the vulnerability database import time it was matched against, so a newer import marks
// the image as needing a rescan.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

struct sqlite3;

namespace bulwark::image {

enum class ScanState { Unscanned, InProgress, Error, Completed };

const char* scanStateName(ScanState state);  // "Unscanned", "Scan in progress", ...
const char* scanStateKey(ScanState state);   // stored form: unscanned, in-progress, ...

struct ImageStatus {
  std::string digest;
  std::string reference;
  ScanState state = ScanState::Unscanned;
  std::string reason;  // Scan error only
  std::string updatedAt;
  std::string scannedAt;         // last completed scan
  std::string vulndbImportedAt;  // the database's last import time at that scan
  int64_t packages = 0;
  int64_t findings = 0;
  std::string resultJson;  // last completed result

  // True when the image was matched against an older database than `currentImportAt`.
  bool rescanNeeded(const std::string& currentImportAt) const {
    return state == ScanState::Completed && !currentImportAt.empty() &&
           currentImportAt > vulndbImportedAt;
  }
};

class ScanStatusStore {
 public:
  // Opens (creating and migrating) the store at `path`; throws StoreError.
  explicit ScanStatusStore(const std::string& path);
  ~ScanStatusStore();
  ScanStatusStore(const ScanStatusStore&) = delete;
  ScanStatusStore& operator=(const ScanStatusStore&) = delete;

  // Records an image as known but not scanned, unless it already has a status.
  void markUnscanned(const std::string& digest, const std::string& reference);
  void markInProgress(const std::string& digest, const std::string& reference);
  // Keeps the last completed result, so an error does not hide earlier findings.
  void markError(const std::string& digest, const std::string& reference,
                 const std::string& reason);
  void markCompleted(const std::string& digest, const std::string& reference,
                     const std::string& vulndbImportedAt, int64_t packages, int64_t findings,
                     const std::string& resultJson);

  std::vector<ImageStatus> list() const;  // most recently updated first
  // By full digest, or by a unique prefix of one (with or without "sha256:").
  std::optional<ImageStatus> find(const std::string& digestOrPrefix) const;

 private:
  void upsert(const std::string& digest, const std::string& reference, ScanState state,
              const std::string& reason);
  sqlite3* db_ = nullptr;
  std::string path_;
};

}  // namespace bulwark::image
