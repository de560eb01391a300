#include "detect/readers/json_fields.h"

#include <algorithm>

#include "util/time.h"

namespace bulwark::detect {

using nlohmann::json;

std::optional<int64_t> jsonTime(const json& v) {
  if (v.is_string()) return parseIso8601(v.get_ref<const std::string&>());
  if (v.is_number()) {
    double d = v.get<double>();
    if (d < 0) return std::nullopt;
    if (d < 1e11) return static_cast<int64_t>(d * 1e9);
    if (d < 1e14) return static_cast<int64_t>(d * 1e6);
    if (d < 1e17) return static_cast<int64_t>(d * 1e3);
    return static_cast<int64_t>(d);
  }
  return std::nullopt;
}

std::string jsonText(const json& doc, std::string_view path) {
  const json* cur = &doc;
  while (!path.empty()) {
    size_t dot = path.find('.');
    std::string part(path.substr(0, dot));
    if (!cur->is_object()) return {};
    auto it = cur->find(part);
    if (it == cur->end()) return {};
    cur = &*it;
    path = dot == std::string_view::npos ? std::string_view() : path.substr(dot + 1);
  }
  if (cur->is_string()) return cur->get<std::string>();
  if (cur->is_number() || cur->is_boolean()) return cur->dump();
  return {};
}

void flattenInto(const json& object, Event& e, KeyTable& keys, int depth,
                 const std::string& prefix) {
  if (!object.is_object()) return;
  for (auto it = object.begin(); it != object.end(); ++it) {
    std::string name = prefix.empty() ? it.key() : prefix + "." + it.key();
    const json& v = it.value();
    if (v.is_string())
      e.set(keys.intern(name), v.get<std::string>());
    else if (v.is_number() || v.is_boolean())
      e.set(keys.intern(name), v.dump());
    else if (v.is_object() && depth > 1)
      flattenInto(v, e, keys, depth - 1, name);
  }
}

uint64_t lineOfOffset(std::string_view text, size_t offset) {
  offset = std::min(offset, text.size());
  return 1 + static_cast<uint64_t>(std::count(text.begin(), text.begin() + offset, '\n'));
}

}  // namespace bulwark::detect
