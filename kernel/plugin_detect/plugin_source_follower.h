// Follow mode for plugin event sources: like detect::Follower, but the plugin reads (from the
// offset it returned last), so binary formats such as wtmp follow too. Rotation (the path now
// names a new file: the rest of the old one is read from "<path>.1" when that is it) and
// truncation (the file shrank: reading starts over) are handled here; positions are saved and
// restored as FollowPosition like the kernel readers'.
#pragma once

#include <bulwark/plugin.h>

#include <string>

#include "detect/follow.h"
#include "plugin_detect/plugin_detection.h"

namespace bulwark::plugindetect {

class PluginSourceFollower : public detect::SourceFollower {
 public:
  // `plugins` must outlive the follower and serve `type`.
  PluginSourceFollower(PluginDetection& plugins, std::string type, std::string path);

  // The record count is saved as FollowPosition::line.
  void restore(const detect::FollowPosition& saved) override;
  detect::ReadStats poll(const detect::EventSink& sink) override;
  detect::FollowPosition position() const override;

 private:
  PluginDetection& plugins_;
  std::string type_;
  std::string path_;
  uint64_t inode_ = 0;
  bw_read_position at_{};
};

}  // namespace bulwark::plugindetect
