#include "detect/follow.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <stdexcept>
#include <vector>

namespace bulwark::detect {
namespace {

constexpr size_t kChunk = 1 << 20;

uint64_t inodeOf(int fd) {
  struct stat st {};
  return fstat(fd, &st) == 0 ? static_cast<uint64_t>(st.st_ino) : 0;
}

uint64_t sizeOf(int fd) {
  struct stat st {};
  return fstat(fd, &st) == 0 ? static_cast<uint64_t>(st.st_size) : 0;
}

}  // namespace

Follower::Follower(const std::string& type, const std::string& path, KeyTable& keys,
                   const ReaderOptions& options)
    : type_(type),
      path_(path),
      rotatedName_(path + ".1"),
      keys_(keys),
      reader_(makeReader(type, options)) {
  ReadStats probe;
  if (!reader_->readLines(
          {}, path_, 2, keys_, [](Event&&) {}, probe))
    throw std::invalid_argument("source type '" + type + "' cannot be followed (not line-based)");
}

Follower::~Follower() {
  closeCurrent();
}

void Follower::closeCurrent() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

void Follower::restore(const FollowPosition& saved) {
  pending_ = saved;
  hasPending_ = true;
}

FollowPosition Follower::position() const {
  return FollowPosition{type_ + ":" + path_, inode_, offset_, line_};
}

void Follower::readFrom(int fd, bool toEnd, const std::string& name, ReadStats& stats,
                        const EventSink& sink) {
  std::string carry;
  std::vector<char> buf(kChunk);
  while (true) {
    ssize_t n = ::pread(fd, buf.data(), buf.size(), static_cast<off_t>(offset_ + carry.size()));
    if (n <= 0) break;
    carry.append(buf.data(), static_cast<size_t>(n));
    size_t last = carry.rfind('\n');
    if (last == std::string::npos) continue;
    std::string_view complete(carry.data(), last);
    uint64_t lines = 1;
    for (char c : complete)
      lines += c == '\n';
    reader_->readLines(complete, name, line_ + 1, keys_, sink, stats);
    line_ += lines;
    offset_ += last + 1;
    carry.erase(0, last + 1);
  }
  if (toEnd && !carry.empty()) {  // a finished (rotated) file: its last line is complete
    reader_->readLines(carry, name, line_ + 1, keys_, sink, stats);
    offset_ += carry.size();
    ++line_;
  }
}

ReadStats Follower::poll(const EventSink& sink) {
  ReadStats stats;
  if (fd_ < 0) {
    int fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return stats;
    uint64_t inode = inodeOf(fd);
    if (hasPending_ && pending_.inode != 0 && pending_.inode != inode) {
      // Rotated while we were away: finish the old file if it is still beside us.
      int old = ::open(rotatedName_.c_str(), O_RDONLY | O_CLOEXEC);
      if (old >= 0 && inodeOf(old) == pending_.inode) {
        offset_ = pending_.offset;
        line_ = pending_.line;
        readFrom(old, true, rotatedName_, stats, sink);
      }
      if (old >= 0) ::close(old);
      offset_ = line_ = 0;
    } else if (hasPending_ && pending_.inode == inode) {
      offset_ = pending_.offset;
      line_ = pending_.line;
    }
    hasPending_ = false;
    fd_ = fd;
    inode_ = inode;
  } else {
    struct stat st {};
    if (::stat(path_.c_str(), &st) == 0 && static_cast<uint64_t>(st.st_ino) != inode_) {
      // Rotated under us: the open descriptor still reads the old file to its end.
      readFrom(fd_, true, rotatedName_, stats, sink);
      closeCurrent();
      offset_ = line_ = 0;
      int fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
      if (fd < 0) return stats;
      fd_ = fd;
      inode_ = inodeOf(fd);
    }
  }
  if (sizeOf(fd_) < offset_) offset_ = line_ = 0;  // truncated in place (copytruncate)
  readFrom(fd_, false, path_, stats, sink);
  return stats;
}

}  // namespace bulwark::detect
