// The detection event: one normalised record read from a log or emitted by a plugin. Field
// names are interned keys (KeyTable), so rules compare integers, not strings, on the hot path.
// The SDK's bw_event is the wire form of the same record (event_wire.h).
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace bulwark::detect {

using Key = uint32_t;  // 0 means "no key"

// Interned field names. The well-known keys below are interned first, in this order, so their
// values are compile-time constants. Texts live as long as the table.
class KeyTable {
 public:
  KeyTable();
  KeyTable(const KeyTable&) = delete;
  KeyTable& operator=(const KeyTable&) = delete;

  Key intern(std::string_view text);
  // 0 when the text was never interned.
  Key find(std::string_view text) const;
  std::string_view text(Key key) const;
  size_t size() const { return texts_.size(); }

 private:
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::deque<std::string> texts_;  // deque: stable addresses as it grows
  std::unordered_map<std::string_view, Key, Hash, std::equal_to<>> ids_;
};

namespace keys {
// Entity fields shared by every reader; readers add their own keys beside these.
inline constexpr Key kIp = 1;
inline constexpr Key kPort = 2;
inline constexpr Key kUser = 3;
inline constexpr Key kHost = 4;
inline constexpr Key kProcess = 5;
inline constexpr Key kPid = 6;
inline constexpr Key kUrl = 7;
inline constexpr Key kPath = 8;
inline constexpr Key kMethod = 9;
inline constexpr Key kStatus = 10;
inline constexpr Key kUserAgent = 11;
inline constexpr Key kMessage = 12;
inline constexpr Key kOperation = 13;
inline constexpr Key kAuthMethod = 14;
inline constexpr Key kSrcHost = 15;
inline constexpr Key kCount = 16;
// Pseudo-fields: rules address the event's own members by these names.
inline constexpr Key kType = 17;
inline constexpr Key kSource = 18;
inline constexpr Key kResourceId = 19;
inline constexpr Key kRaw = 20;
inline constexpr Key kLastWellKnown = kRaw;
}  // namespace keys

// The names of the well-known keys, index = key - 1.
const std::vector<std::string_view>& wellKnownKeyNames();

struct Event {
  int64_t timeNs = 0;  // Unix time, nanoseconds, UTC
  Key source = 0;      // e.g. "syslog", "apache"
  Key type = 0;        // e.g. "ssh.login.failed"
  std::string resourceId;
  std::vector<std::pair<Key, std::string>> fields;  // entity fields
  std::string raw;                                  // the original line or record
  const std::string* file = nullptr;                // where it came from (owned by the caller)
  uint64_t line = 0;                                // 1-based; 0 when not line-based

  // The value of a field or pseudo-field; empty when absent.
  std::string_view get(Key key, const KeyTable& table) const;
  bool has(Key key) const;
  void set(Key key, std::string value);
  // Copies `value` into a recycled buffer (see reset), so a reader that reuses one event for
  // every line allocates nothing once its buffers have grown.
  void set(Key key, std::string_view value);
  void set(Key key, const char* value) { set(key, std::string_view(value)); }
  // Empties the event for the next record but keeps its buffers for reuse.
  void reset();
  // "file:line" for evidence and diagnostics.
  std::string origin() const;

 private:
  // Values up to this many bytes live inside std::string (no heap buffer to recycle).
  static constexpr size_t kShortValue = 15;
  std::vector<std::string> spare_;  // heap buffers of the fields cleared by reset()
};

}  // namespace bulwark::detect
