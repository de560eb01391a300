// Plugin-scoped persistent state in the store (table plugin_state): keys and values that only
// their plugin reads, the kernel's side of the ABI 1.2 state service. Each call is its own
// transaction; safe to use from several threads (one connection, serialised), and several
// processes may share the store file.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;

namespace bulwark::pluginstate {

struct StateEntry {
  std::string key;
  std::string value;
  int64_t updatedNs = 0;
};

class PluginStateStore {
 public:
  static constexpr size_t kMaxKeyBytes = 1024;
  static constexpr size_t kMaxValueBytes = 64u * 1024u * 1024u;

  // The store at `path`, opened (created and migrated) on first use, so a command that never
  // touches its state leaves no store behind. Calls throw StoreError naming the file.
  explicit PluginStateStore(std::string path);
  ~PluginStateStore();
  PluginStateStore(const PluginStateStore&) = delete;
  PluginStateStore& operator=(const PluginStateStore&) = delete;

  std::optional<std::string> get(std::string_view plugin, std::string_view key) const;
  // Throws std::invalid_argument for an empty or oversized key or an oversized value.
  void put(std::string_view plugin, std::string_view key, std::string_view value,
           bool onlyIfAbsent = false);
  void erase(std::string_view plugin, std::string_view key);
  // Ordered by key.
  std::vector<StateEntry> list(std::string_view plugin, std::string_view prefix) const;

  const std::string& path() const { return path_; }

 private:
  sqlite3* db() const;  // under mutex_

  std::string path_;
  mutable sqlite3* db_ = nullptr;
  mutable std::mutex mutex_;
};

}  // namespace bulwark::pluginstate
