#include "push/image_status_board.h"

namespace bulwark::containers {

const char* scanStatusName(ScanStatus status) {
  switch (status) {
    case ScanStatus::Unscanned:
      return "Unscanned";
    case ScanStatus::InProgress:
      return "Scan in progress";
    case ScanStatus::Error:
      return "Scan error";
    case ScanStatus::Completed:
      return "Completed";
  }
  return "Unscanned";
}

int64_t nowMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void ImageStatusBoard::setListener(StatusListener listener) {
  std::lock_guard lock(mutex_);
  listener_ = std::move(listener);
}

bool ImageStatusBoard::announce(const std::string& digest, const std::string& registry,
                                const std::string& repository, const std::string& tag) {
  std::lock_guard lock(mutex_);
  auto [it, inserted] = images_.try_emplace(digest);
  ImageStatus& image = it->second;
  if (!tag.empty()) image.tags.insert(tag);
  if (!inserted) return false;
  image.digest = digest;
  image.registry = registry;
  image.repository = repository;
  image.history.push_back({ScanStatus::Unscanned, nowMillis()});
  if (listener_) listener_(image);
  return true;
}

void ImageStatusBoard::set(const std::string& digest, ScanStatus status,
                           const std::string& detail) {
  std::lock_guard lock(mutex_);
  ImageStatus& image = images_[digest];
  image.digest = digest;
  image.status = status;
  if (status == ScanStatus::Error) image.reason = detail;
  if (status == ScanStatus::Completed) {
    image.reason.clear();
    image.summary = detail;
  }
  image.history.push_back({status, nowMillis()});
  if (listener_) listener_(image);
}

std::optional<ImageStatus> ImageStatusBoard::get(const std::string& digest) const {
  std::lock_guard lock(mutex_);
  auto it = images_.find(digest);
  if (it == images_.end()) return std::nullopt;
  return it->second;
}

std::vector<ImageStatus> ImageStatusBoard::list() const {
  std::lock_guard lock(mutex_);
  std::vector<ImageStatus> out;
  for (const auto& [digest, image] : images_)
    out.push_back(image);
  return out;
}

}  // namespace bulwark::containers
