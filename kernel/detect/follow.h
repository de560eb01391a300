// Follow mode: reads what is appended to a log file, across rotation (the path now names a
// new file: the rest of the old one is read first) and truncation (the file shrank: reading
// starts over), and resumes from a saved position after a restart. Only complete lines are
// read; a partial last line waits for its newline.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "detect/readers/reader.h"

namespace bulwark::detect {

// Where reading of one source stands; saved in the store between runs.
struct FollowPosition {
  std::string source;  // "TYPE:PATH", the key it is saved under
  uint64_t inode = 0;
  uint64_t offset = 0;  // bytes consumed
  uint64_t line = 0;    // lines consumed
};

// Follows one source path, whoever reads its format (a kernel reader, a plugin event source).
class SourceFollower {
 public:
  virtual ~SourceFollower() = default;
  // Resume from a saved position (FollowPosition::source is this follower's).
  virtual void restore(const FollowPosition& saved) = 0;
  // Reads what is new; events go to `sink`. A missing file is not an error (it may be
  // between rotation and re-creation).
  virtual ReadStats poll(const EventSink& sink) = 0;
  virtual FollowPosition position() const = 0;
};

// The follower of a kernel line reader.
class Follower : public SourceFollower {
 public:
  // Throws std::invalid_argument for a format that cannot be followed.
  Follower(const std::string& type, const std::string& path, KeyTable& keys,
           const ReaderOptions& options);
  ~Follower() override;
  Follower(const Follower&) = delete;
  Follower& operator=(const Follower&) = delete;

  // When the file was rotated meanwhile, the rest of the old file is read from "<path>.1" if
  // that is the saved inode.
  void restore(const FollowPosition& saved) override;
  ReadStats poll(const EventSink& sink) override;
  FollowPosition position() const override;
  const std::string& path() const { return path_; }

 private:
  void readFrom(int fd, bool toEnd, const std::string& name, ReadStats& stats,
                const EventSink& sink);
  void closeCurrent();

  std::string type_;
  std::string path_;
  std::string rotatedName_;
  KeyTable& keys_;
  std::unique_ptr<Reader> reader_;
  int fd_ = -1;
  uint64_t inode_ = 0;
  uint64_t offset_ = 0;
  uint64_t line_ = 0;
  FollowPosition pending_;  // a restored position not yet applied
  bool hasPending_ = false;
};

}  // namespace bulwark::detect
