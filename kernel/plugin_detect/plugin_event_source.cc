#include "plugin_detect/plugin_event_source.h"

#include <optional>

namespace bulwark::plugindetect {
namespace {

bool validStr(bw_str s) {
  return s.ptr != nullptr || s.len == 0;
}

std::string_view view(bw_str s) {
  return s.ptr == nullptr ? std::string_view() : std::string_view(s.ptr, s.len);
}

std::optional<uint64_t> recordNumber(std::string_view text) {
  uint64_t value = 0;
  if (text.empty() || text.size() > 19) return std::nullopt;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<uint64_t>(c - '0');
  }
  return value > 0 ? std::optional<uint64_t>(value) : std::nullopt;
}

bool knownKey(bw_key key, const detect::KeyTable& keys) {
  return key != 0 && key <= keys.size();
}

}  // namespace

std::string eventFromPlugin(const bw_event& wire, const detect::KeyTable& keys,
                            detect::Key recordKey, detect::Event& out) {
  out.reset();
  if (!knownKey(wire.source, keys)) return "event has no source key from host->intern";
  if (!knownKey(wire.type, keys)) return "event has no type key from host->intern";
  if (!validStr(wire.resource_id) || !validStr(wire.raw))
    return "event has a string length without a pointer";
  if (wire.fields == nullptr && wire.field_count != 0)
    return "event has a field count without fields";
  size_t bytes = wire.resource_id.len + wire.raw.len;
  for (size_t i = 0; i < wire.field_count; ++i) {
    const bw_field& f = wire.fields[i];
    if (!knownKey(f.key, keys))
      return "event field key " + std::to_string(f.key) + " was never given by host->intern";
    if (f.key >= detect::keys::kType && f.key <= detect::keys::kRaw)
      return "event field '" + std::string(keys.text(f.key)) + "' is an event member, not a field";
    if (!validStr(f.value)) return "event field has a length without a pointer";
    bytes += f.value.len;
  }
  if (bytes > kMaxEventBytes)
    return "event of " + std::to_string(bytes) + " bytes, over the limit of " +
           std::to_string(kMaxEventBytes);
  out.timeNs = wire.time_unix_ns;
  out.source = wire.source;
  out.type = wire.type;
  out.resourceId.assign(view(wire.resource_id));
  out.raw.assign(view(wire.raw));
  for (size_t i = 0; i < wire.field_count; ++i) {
    const bw_field& f = wire.fields[i];
    if (f.key != recordKey) {
      out.set(f.key, view(f.value));
      continue;
    }
    auto record = recordNumber(view(f.value));
    if (!record) {
      out.reset();
      return "event field " BW_RECORD_FIELD " is not a record number";
    }
    out.line = *record;
  }
  return {};
}

}  // namespace bulwark::plugindetect
