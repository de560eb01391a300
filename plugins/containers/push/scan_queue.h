// The queue between the notification endpoint (which must answer at once) and the scanner:
// manifest pushes are deduplicated by digest, bounded in number, and scanned one at a time by
// a worker thread that records each image's status on the board.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "push/image_status_board.h"
#include "push/push_log.h"
#include "push/registry_events.h"

namespace bulwark::containers {

// Scans one pushed image; returns a one-line summary, throws std::exception with the reason
// on failure (the image then shows Scan error with that reason).
using ScanFunction = std::function<std::string(const ManifestPush&)>;

class ScanQueue {
 public:
  enum class Offer { Queued, Duplicate, Full };

  ScanQueue(ImageStatusBoard& board, ScanFunction scan, size_t capacity = 1000, Logger log = {});
  ~ScanQueue();  // finishes the scan in progress, drops the rest
  ScanQueue(const ScanQueue&) = delete;
  ScanQueue& operator=(const ScanQueue&) = delete;

  // A digest already queued, being scanned or scanned is a Duplicate; one whose last scan
  // failed is queued again (a re-push is how an operator retries).
  Offer offer(const ManifestPush& push);
  // Queues a known image again (the vulnerability database changed) unless it is already
  // queued or being scanned.
  Offer rescan(const ManifestPush& push);
  size_t pending() const;

 private:
  void run();
  void log(LogLevel level, const std::string& text) const;

  ImageStatusBoard& board_;
  ScanFunction scan_;
  size_t capacity_;
  Logger log_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<ManifestPush> queue_;
  bool stopping_ = false;
  std::thread worker_;
};

}  // namespace bulwark::containers
