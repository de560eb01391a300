#include "plugin_detect/plugin_event_source.h"

#include <algorithm>
#include <filesystem>
#include <stdexcept>

namespace bulwark::plugindetect {
namespace fs = std::filesystem;
namespace {

bool validStr(bw_str s) {
  return s.ptr != nullptr || s.len == 0;
}

std::string copy(bw_str s) {
  return s.ptr == nullptr ? std::string() : std::string(s.ptr, s.len);
}

bool knownKey(bw_key key, const detect::KeyTable& keys) {
  return key != 0 && key <= keys.size();
}

}  // namespace

std::string eventFromPlugin(const bw_event& wire, const detect::KeyTable& keys,
                            detect::Event& out) {
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
  out.reset();
  out.timeNs = wire.time_unix_ns;
  out.source = wire.source;
  out.type = wire.type;
  out.resourceId = copy(wire.resource_id);
  out.raw = copy(wire.raw);
  for (size_t i = 0; i < wire.field_count; ++i)
    out.set(wire.fields[i].key, copy(wire.fields[i].value));
  return {};
}

std::vector<std::string> sourceFiles(const std::string& path) {
  std::vector<std::string> files;
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    for (auto it = fs::recursive_directory_iterator(path, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (it->is_regular_file(ec)) files.push_back(it->path().string());
    }
    if (ec) throw std::runtime_error(path + ": cannot list: " + ec.message());
    std::sort(files.begin(), files.end());
  } else if (fs::is_regular_file(path, ec)) {
    files.push_back(path);
  } else {
    throw std::runtime_error(path + ": no such file or folder");
  }
  return files;
}

}  // namespace bulwark::plugindetect
