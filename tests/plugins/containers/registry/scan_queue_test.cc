// The scan queue: dedupe by digest, statuses in order, failures recorded with their reason.
#include <catch2/catch.hpp>
#include <chrono>
#include <stdexcept>
#include <thread>

#include "push/scan_queue.h"

using namespace bulwark::containers;

namespace {

ManifestPush push(char fill) {
  ManifestPush p;
  p.registry = "127.0.0.1:5000";
  p.repository = "demo/app";
  p.digest = "sha256:" + std::string(64, fill);
  p.tag = "1";
  return p;
}

// Waits until the digest leaves Unscanned / Scan in progress.
ImageStatus settled(const ImageStatusBoard& board, const std::string& digest) {
  for (int i = 0; i < 500; ++i) {
    auto s = board.get(digest);
    if (s && (s->status == ScanStatus::Completed || s->status == ScanStatus::Error)) return *s;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  throw std::runtime_error("scan did not settle");
}

std::vector<std::string> names(const ImageStatus& s) {
  std::vector<std::string> out;
  for (const auto& change : s.history)
    out.push_back(scanStatusName(change.status));
  return out;
}

}  // namespace

TEST_CASE("a pushed digest goes Unscanned, Scan in progress, Completed and is scanned once") {
  ImageStatusBoard board;
  std::atomic<int> scans{0};
  ScanQueue queue(board, [&](const ManifestPush& p) {
    ++scans;
    return "scanned " + p.repository;
  });
  CHECK(queue.offer(push('a')) == ScanQueue::Offer::Queued);
  auto done = settled(board, push('a').digest);
  CHECK(done.summary == "scanned demo/app");
  CHECK(names(done) == std::vector<std::string>{"Unscanned", "Scan in progress", "Completed"});
  CHECK(queue.offer(push('a')) == ScanQueue::Offer::Duplicate);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  CHECK(scans == 1);
}

TEST_CASE("a failing scan shows Scan error with its reason, and a re-push retries it") {
  ImageStatusBoard board;
  std::atomic<int> attempts{0};
  ScanQueue queue(board, [&](const ManifestPush&) -> std::string {
    if (++attempts == 1) throw std::runtime_error("layer sha256:x is not a tar archive");
    return "ok";
  });
  queue.offer(push('b'));
  auto failed = settled(board, push('b').digest);
  CHECK(failed.status == ScanStatus::Error);
  CHECK(failed.reason == "layer sha256:x is not a tar archive");
  CHECK(queue.offer(push('b')) == ScanQueue::Offer::Queued);
  for (int i = 0; i < 500 && board.get(push('b').digest)->status != ScanStatus::Completed; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  CHECK(board.get(push('b').digest)->status == ScanStatus::Completed);
  CHECK(board.get(push('b').digest)->reason.empty());
}

TEST_CASE("the queue is bounded: pushes beyond its capacity are refused, not lost silently") {
  ImageStatusBoard board;
  std::mutex gate;
  std::unique_lock hold(gate);
  ScanQueue queue(
      board,
      [&](const ManifestPush&) {
        std::lock_guard wait(gate);
        return std::string("ok");
      },
      2);
  queue.offer(push('1'));  // taken by the worker, blocked on the gate
  for (int i = 0; i < 100 && queue.pending() != 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  CHECK(queue.offer(push('2')) == ScanQueue::Offer::Queued);
  CHECK(queue.offer(push('3')) == ScanQueue::Offer::Queued);
  CHECK(queue.offer(push('4')) == ScanQueue::Offer::Full);
  CHECK(board.get(push('4').digest)->status == ScanStatus::Error);
  CHECK(board.get(push('4').digest)->reason.find("queue full") != std::string::npos);
  hold.unlock();
}
