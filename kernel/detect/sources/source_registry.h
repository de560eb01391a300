// The event sources one `bulwark detect` run can read: one entry per source type, whoever
// implements it. The kernel's log readers are added first (kernel_sources.h), plugin event
// sources at detect time (plugin_detect); a type or alias already present keeps its first
// entry, so a kernel reader wins over a plugin source of the same type.
#pragma once

#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "detect/follow.h"
#include "detect/readers/reader.h"

namespace bulwark::detect {

struct SourceType {
  std::string type;
  std::vector<std::string> aliases;
  std::string description;
  std::string pluginId;  // empty for the kernel's readers
  // Reads a file, or every regular file under a folder (sorted by path). Throws
  // std::runtime_error when the path cannot be read.
  std::function<ReadStats(const std::string& path, const EventSink& sink)> read;
  // A follower of one file; empty when the type cannot be followed. `name` is the type or alias
  // as the operator wrote it: the follower saves its position under "name:path".
  std::function<std::unique_ptr<SourceFollower>(const std::string& name, const std::string& path)>
      follow;

  bool followable() const { return static_cast<bool>(follow); }
};

class SourceRegistry {
 public:
  // False, and nothing added, when the type or one of its aliases is registered already.
  bool add(SourceType source);
  // The entry of a type or alias, or nullptr. Entries stay in place as others are added.
  const SourceType* find(std::string_view typeOrAlias) const;
  const std::deque<SourceType>& types() const { return types_; }
  // "unknown source type 'T' (known: <the kernel's types and aliases>)".
  std::string unknownTypeMessage(std::string_view type) const;

 private:
  std::deque<SourceType> types_;
};

}  // namespace bulwark::detect
