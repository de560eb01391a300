#include "pluginstate/plugin_state_store.h"

#include <sqlite3.h>

#include <chrono>
#include <filesystem>
#include <stdexcept>

#include "pluginstate/plugin_state_schema.h"
#include "store/schema.h"
#include "store/store.h"
#include "util/sqlite_statement.h"

namespace bulwark::pluginstate {
namespace {

int64_t nowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string text(std::string_view v) {
  return std::string(v);
}

}  // namespace

PluginStateStore::PluginStateStore(std::string path) : path_(std::move(path)) {}

PluginStateStore::~PluginStateStore() {
  if (db_ != nullptr) sqlite3_close(db_);
}

sqlite3* PluginStateStore::db() const {
  if (db_ == nullptr) {
    std::error_code ignored;
    if (auto parent = std::filesystem::path(path_).parent_path(); !parent.empty())
      std::filesystem::create_directories(parent, ignored);
    db_ = openStore(path_, {&pluginStateSchema()});
  }
  return db_;
}

std::optional<std::string> PluginStateStore::get(std::string_view plugin,
                                                 std::string_view key) const {
  std::lock_guard lock(mutex_);
  Statement s(db(), "SELECT value FROM plugin_state WHERE plugin = ?1 AND key = ?2");
  s.bind(1, text(plugin)).bind(2, text(key));
  if (!s.step()) return std::nullopt;
  return s.bytes(0);
}

void PluginStateStore::put(std::string_view plugin, std::string_view key, std::string_view value,
                           bool onlyIfAbsent) {
  if (key.empty()) throw std::invalid_argument("a state key must not be empty");
  if (key.size() > kMaxKeyBytes)
    throw std::invalid_argument("a state key is limited to " + std::to_string(kMaxKeyBytes) +
                                " bytes");
  if (value.size() > kMaxValueBytes)
    throw std::invalid_argument("a state value is limited to " + std::to_string(kMaxValueBytes) +
                                " bytes");
  std::lock_guard lock(mutex_);
  Statement s(db(), onlyIfAbsent
                        ? "INSERT INTO plugin_state (plugin, key, value, updated_ns) "
                          "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (plugin, key) DO NOTHING"
                        : "INSERT INTO plugin_state (plugin, key, value, updated_ns) "
                          "VALUES (?1, ?2, ?3, ?4) ON CONFLICT (plugin, key) DO UPDATE SET "
                          "value = excluded.value, updated_ns = excluded.updated_ns");
  s.bind(1, text(plugin)).bind(2, text(key)).bindBlob(3, value).bind(4, nowNs());
  s.run();
}

void PluginStateStore::erase(std::string_view plugin, std::string_view key) {
  std::lock_guard lock(mutex_);
  Statement s(db(), "DELETE FROM plugin_state WHERE plugin = ?1 AND key = ?2");
  s.bind(1, text(plugin)).bind(2, text(key)).run();
}

std::vector<StateEntry> PluginStateStore::list(std::string_view plugin,
                                               std::string_view prefix) const {
  std::lock_guard lock(mutex_);
  // substr() compares bytes exactly; LIKE or GLOB would treat % _ * ? in the prefix as patterns.
  Statement s(db(),
              "SELECT key, value, updated_ns FROM plugin_state WHERE plugin = ?1 AND "
              "substr(key, 1, length(?2)) = ?2 ORDER BY key");
  s.bind(1, text(plugin)).bind(2, text(prefix));
  std::vector<StateEntry> out;
  while (s.step())
    out.push_back({s.bytes(0), s.bytes(1), s.integer(2)});
  return out;
}

}  // namespace bulwark::pluginstate
