#include "push/scan_queue.h"

#include <exception>

namespace bulwark::containers {

ScanQueue::ScanQueue(ImageStatusBoard& board, ScanFunction scan, size_t capacity, Logger log)
    : board_(board),
      scan_(std::move(scan)),
      capacity_(capacity),
      log_(std::move(log)),
      worker_([this] { run(); }) {}

void ScanQueue::log(LogLevel level, const std::string& text) const {
  if (log_) log_(level, text);
}

ScanQueue::~ScanQueue() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  worker_.join();
}

ScanQueue::Offer ScanQueue::offer(const ManifestPush& push) {
  std::lock_guard lock(mutex_);
  bool fresh = board_.announce(push.digest, push.registry, push.repository, push.tag);
  if (!fresh) {
    auto known = board_.get(push.digest);
    if (!known || known->status != ScanStatus::Error) return Offer::Duplicate;
    for (const auto& queued : queue_)
      if (queued.digest == push.digest) return Offer::Duplicate;
  }
  if (queue_.size() >= capacity_) {
    board_.set(push.digest, ScanStatus::Error, "scan queue full; push the image again later");
    return Offer::Full;
  }
  queue_.push_back(push);
  wake_.notify_one();
  return Offer::Queued;
}

ScanQueue::Offer ScanQueue::rescan(const ManifestPush& push) {
  std::lock_guard lock(mutex_);
  auto known = board_.get(push.digest);
  if (known && known->status == ScanStatus::InProgress) return Offer::Duplicate;
  for (const auto& queued : queue_)
    if (queued.digest == push.digest) return Offer::Duplicate;
  if (queue_.size() >= capacity_) return Offer::Full;
  queue_.push_back(push);
  wake_.notify_one();
  return Offer::Queued;
}

size_t ScanQueue::pending() const {
  std::lock_guard lock(mutex_);
  return queue_.size();
}

void ScanQueue::run() {
  for (;;) {
    ManifestPush job;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      job = std::move(queue_.front());
      queue_.pop_front();
    }
    const std::string image = job.registry + "/" + job.repository + "@" + job.digest;
    board_.set(job.digest, ScanStatus::InProgress);
    try {
      std::string summary = scan_(job);
      log(LogLevel::Info, "scanned " + image + ": " + summary);
      board_.set(job.digest, ScanStatus::Completed, summary);
    } catch (const std::exception& e) {
      log(LogLevel::Warning, "scan of " + image + " failed: " + e.what());
      board_.set(job.digest, ScanStatus::Error, e.what());
    } catch (...) {
      log(LogLevel::Warning, "scan of " + image + " failed: unknown error");
      board_.set(job.digest, ScanStatus::Error, "unknown error");
    }
  }
}

}  // namespace bulwark::containers
