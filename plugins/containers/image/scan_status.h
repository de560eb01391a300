// Scan status per image digest, in the plugin's persistent state (key "image/<digest>", a JSON
// object): Unscanned, Scan in progress, Scan error (with its reason) or Completed, with the last
// completed result as JSON and the vulnerability database import time it was matched against,
// so a newer import marks the image as needing a rescan. Stores of earlier releases kept these
// in a table image_scans; the store's migration moved them here with the same fields.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

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

// Keys and values that persist: the host's plugin state service in the plugin, the kernel's
// state store in tests. Thread-safe; throws std::runtime_error when the store fails.
class StatusState {
 public:
  virtual ~StatusState() = default;
  virtual std::optional<std::string> get(const std::string& key) const = 0;
  virtual void put(const std::string& key, const std::string& value) = 0;
  // Stores `value` unless the key already holds one.
  virtual void putIfAbsent(const std::string& key, const std::string& value) = 0;
  // Key and value of every key that starts with `prefix`.
  virtual std::vector<std::pair<std::string, std::string>> list(
      const std::string& prefix) const = 0;
};

// The state key of an image's status.
std::string statusKey(const std::string& digest);

class ScanStatusStore {
 public:
  explicit ScanStatusStore(StatusState& state) : state_(state) {}
  ScanStatusStore(const ScanStatusStore&) = delete;
  ScanStatusStore& operator=(const ScanStatusStore&) = delete;

  // Records an image as known but not scanned, unless it already has a status.
  void markUnscanned(const std::string& digest, const std::string& reference);
  void markInProgress(const std::string& digest, const std::string& reference);
  // Keeps the last completed result, so an error does not hide earlier findings.
  void markError(const std::string& digest, const std::string& reference,
                 const std::string& reason);
  // `resultJson` is JSON text (the scan result); it is stored as it is, not copied again.
  void markCompleted(const std::string& digest, const std::string& reference,
                     const std::string& vulndbImportedAt, int64_t packages, int64_t findings,
                     std::string resultJson);

  std::vector<ImageStatus> list() const;  // most recently updated first
  // By full digest, or by a unique prefix of one (with or without "sha256:").
  std::optional<ImageStatus> find(const std::string& digestOrPrefix) const;

 private:
  // Changes state, reference and reason, keeping the last completed result.
  void transition(const std::string& digest, const std::string& reference, ScanState state,
                  const std::string& reason);
  std::optional<ImageStatus> read(const std::string& digest) const;
  void write(const ImageStatus& status);

  StatusState& state_;
  std::mutex mutex_;  // one read-modify-write at a time in this process
};

// The status as stored, and back (nullopt for a value that is not a status object).
std::string statusJson(const ImageStatus& status);
std::optional<ImageStatus> parseStatus(const std::string& value);

}  // namespace bulwark::image
