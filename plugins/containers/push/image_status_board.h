// The scan status of every image digest the server has heard of, with the history of its
// transitions (so a client polling now and then still sees every step), safe to use from the
// HTTP threads and the scan worker at once.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace bulwark::containers {

enum class ScanStatus { Unscanned, InProgress, Error, Completed };

// "Unscanned", "Scan in progress", "Scan error", "Completed": Defender's words.
const char* scanStatusName(ScanStatus status);

struct StatusChange {
  ScanStatus status;
  int64_t atMillis;  // Unix epoch
};

struct ImageStatus {
  std::string digest;
  std::string registry;
  std::string repository;
  std::set<std::string> tags;
  ScanStatus status = ScanStatus::Unscanned;
  std::string reason;   // why the scan failed, for Error
  std::string summary;  // what the scan found, for Completed
  std::vector<StatusChange> history;
};

// Told of every change, with the image as it now stands, under the board's lock: it must not
// call back into the board. Used to persist statuses.
using StatusListener = std::function<void(const ImageStatus& image)>;

class ImageStatusBoard {
 public:
  void setListener(StatusListener listener);

  // Records an image as Unscanned unless it is known; adds the tag either way. Returns false
  // when the digest was already known (the caller dedupes on it).
  bool announce(const std::string& digest, const std::string& registry,
                const std::string& repository, const std::string& tag);
  void set(const std::string& digest, ScanStatus status, const std::string& detail = {});
  std::optional<ImageStatus> get(const std::string& digest) const;
  std::vector<ImageStatus> list() const;

 private:
  mutable std::mutex mutex_;
  std::map<std::string, ImageStatus> images_;
  StatusListener listener_;
};

int64_t nowMillis();

}  // namespace bulwark::containers
