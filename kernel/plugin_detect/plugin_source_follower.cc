#include "plugin_detect/plugin_source_follower.h"

#include <sys/stat.h>

namespace bulwark::plugindetect {
namespace {

// inode and size of `path`; false when it does not exist.
bool statFile(const std::string& path, uint64_t& inode, uint64_t& size) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) return false;
  inode = static_cast<uint64_t>(st.st_ino);
  size = static_cast<uint64_t>(st.st_size);
  return true;
}

}  // namespace

PluginSourceFollower::PluginSourceFollower(PluginDetection& plugins, std::string type,
                                           std::string path)
    : plugins_(plugins), type_(std::move(type)), path_(std::move(path)) {}

void PluginSourceFollower::restore(const detect::FollowPosition& saved) {
  inode_ = saved.inode;
  at_.offset = saved.offset;
  at_.record = saved.line;
}

detect::FollowPosition PluginSourceFollower::position() const {
  return detect::FollowPosition{type_ + ":" + path_, inode_, at_.offset, at_.record};
}

detect::ReadStats PluginSourceFollower::poll(const detect::EventSink& sink) {
  detect::ReadStats stats;
  uint64_t inode = 0, size = 0;
  if (!statFile(path_, inode, size)) return stats;
  if (inode_ != 0 && inode != inode_) {
    // Rotated: finish the old file if it is now "<path>.1", then start the new one.
    uint64_t oldInode = 0, oldSize = 0;
    std::string rotated = path_ + ".1";
    if (statFile(rotated, oldInode, oldSize) && oldInode == inode_ && oldSize > at_.offset)
      plugins_.readFrom(type_, rotated, at_, sink, stats);
    at_ = bw_read_position{};
  } else if (size < at_.offset) {
    at_ = bw_read_position{};  // truncated: start over
  }
  inode_ = inode;
  if (size > at_.offset) plugins_.readFrom(type_, path_, at_, sink, stats);
  return stats;
}

}  // namespace bulwark::plugindetect
