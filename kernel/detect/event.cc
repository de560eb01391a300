#include "detect/event.h"

namespace bulwark::detect {

const std::vector<std::string_view>& wellKnownKeyNames() {
  static const std::vector<std::string_view> names = {
      "ip",       "port",   "user",   "host",       "process",     "pid",       "url",
      "path",     "method", "status", "user_agent", "message",     "operation", "auth_method",
      "src_host", "count",  "type",   "source",     "resource_id", "raw"};
  return names;
}

KeyTable::KeyTable() {
  for (std::string_view name : wellKnownKeyNames())
    intern(name);
}

Key KeyTable::intern(std::string_view text) {
  auto it = ids_.find(text);
  if (it != ids_.end()) return it->second;
  texts_.emplace_back(text);
  Key key = static_cast<Key>(texts_.size());
  ids_.emplace(std::string_view(texts_.back()), key);
  return key;
}

Key KeyTable::find(std::string_view text) const {
  auto it = ids_.find(text);
  return it == ids_.end() ? 0 : it->second;
}

std::string_view KeyTable::text(Key key) const {
  if (key == 0 || key > texts_.size()) return {};
  return texts_[key - 1];
}

std::string_view Event::get(Key key, const KeyTable& table) const {
  switch (key) {
    case keys::kType:
      return table.text(type);
    case keys::kSource:
      return table.text(source);
    case keys::kResourceId:
      return resourceId;
    case keys::kRaw:
      return raw;
    default:
      for (const auto& [k, v] : fields) {
        if (k == key) return v;
      }
      return {};
  }
}

bool Event::has(Key key) const {
  for (const auto& f : fields) {
    if (f.first == key) return true;
  }
  return false;
}

void Event::set(Key key, std::string value) {
  for (auto& f : fields) {
    if (f.first == key) {
      f.second = std::move(value);
      return;
    }
  }
  fields.emplace_back(key, std::move(value));
}

void Event::set(Key key, std::string_view value) {
  for (auto& f : fields) {
    if (f.first == key) {
      f.second.assign(value);
      return;
    }
  }
  // Short values fit in the string itself; only longer ones take a recycled heap buffer.
  if (value.size() <= kShortValue || spare_.empty()) {
    fields.emplace_back(key, std::string(value));
    return;
  }
  fields.emplace_back(key, std::move(spare_.back()));
  spare_.pop_back();
  fields.back().second.assign(value);
}

void Event::reset() {
  timeNs = 0;
  source = 0;
  type = 0;
  resourceId.clear();
  for (auto& f : fields) {
    if (f.second.capacity() > kShortValue) spare_.push_back(std::move(f.second));
  }
  fields.clear();
  raw.clear();
  file = nullptr;
  line = 0;
}

std::string Event::origin() const {
  std::string out = file != nullptr ? *file : std::string("-");
  if (line > 0) out += ":" + std::to_string(line);
  return out;
}

}  // namespace bulwark::detect
