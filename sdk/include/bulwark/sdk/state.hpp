// The plugin's persistent state (ABI 1.2 host service): keys and values only this plugin sees,
// kept in the operator's store, shared by every process using that store. Thread-safe.
#ifndef BULWARK_SDK_STATE_HPP
#define BULWARK_SDK_STATE_HPP

#include <bulwark/plugin.h>
#include <bulwark/sdk/bw_str.hpp>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace bulwark::sdk {

struct StateEntry {
  std::string key;
  std::string value;
  int64_t updatedUnixNs = 0;
};

class StateClient {
 public:
  explicit StateClient(const bw_host_api* api) : api_(api) {}

  // False with a kernel older than ABI 1.2.
  bool offered() const {
    return BULWARK_TABLE_HAS(api_, state_get) && BULWARK_TABLE_HAS(api_, state_put) &&
           BULWARK_TABLE_HAS(api_, state_delete) && BULWARK_TABLE_HAS(api_, state_list);
  }

  std::optional<std::string> get(std::string_view key) const {
    need();
    bw_str value{};
    bw_status s = api_->state_get(api_->ctx, toBw(key), &value);
    if (s == BW_NOT_FOUND) return std::nullopt;
    check(s, "read", key);
    return std::string(fromBw(value));
  }
  void put(std::string_view key, std::string_view value) const {
    need();
    check(api_->state_put(api_->ctx, toBw(key), toBw(value), 0), "write", key);
  }
  // Stores `value` unless the key already holds one.
  void putIfAbsent(std::string_view key, std::string_view value) const {
    need();
    check(api_->state_put(api_->ctx, toBw(key), toBw(value), BW_STATE_IF_ABSENT), "write", key);
  }
  void erase(std::string_view key) const {
    need();
    check(api_->state_delete(api_->ctx, toBw(key)), "delete", key);
  }
  // Entries whose key starts with `prefix`, ordered by key.
  std::vector<StateEntry> list(std::string_view prefix = {}) const {
    need();
    const bw_state_entry* raw = nullptr;
    size_t count = 0;
    check(api_->state_list(api_->ctx, toBw(prefix), &raw, &count), "list", prefix);
    std::vector<StateEntry> out;
    out.reserve(count);
    for (size_t i = 0; i < count; ++i)
      out.push_back({std::string(fromBw(raw[i].key)), std::string(fromBw(raw[i].value)),
                     raw[i].updated_unix_ns});
    return out;
  }

 private:
  void need() const {
    if (!offered()) throw std::runtime_error("the kernel offers no plugin state (ABI < 1.2)");
  }
  void check(bw_status s, const char* what, std::string_view key) const {
    if (s == BW_OK) return;
    std::string why = BULWARK_TABLE_HAS(api_, host_error)
                          ? std::string(fromBw(api_->host_error(api_->ctx)))
                          : std::string();
    if (s == BW_UNSUPPORTED && why.empty()) why = "no store is configured";
    throw std::runtime_error(std::string("plugin state: cannot ") + what + " '" + std::string(key) +
                             "': " + why);
  }
  const bw_host_api* api_;
};

}  // namespace bulwark::sdk

#endif  // BULWARK_SDK_STATE_HPP
