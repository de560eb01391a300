#include "ueba/anomaly_text.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace bulwark::ueba {

std::string fillTemplate(std::string_view text, const TemplateValues& values) {
  std::string out;
  out.reserve(text.size() + 64);
  size_t at = 0;
  while (at < text.size()) {
    size_t open = text.find('{', at);
    size_t close = open == std::string_view::npos ? open : text.find('}', open);
    if (close == std::string_view::npos) break;
    out.append(text.substr(at, open - at));
    std::string_view name = text.substr(open + 1, close - open - 1);
    auto value =
        std::find_if(values.begin(), values.end(), [&](const auto& v) { return v.first == name; });
    if (value != values.end())
      out.append(value->second);
    else
      out.append(text.substr(open, close - open + 1));
    at = close + 1;
  }
  if (at < text.size()) out.append(text.substr(at));
  return out;
}

std::string formatNumber(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, v == std::floor(v) ? "%.0f" : "%.1f", v);
  return buffer;
}

std::string bytesText(double bytes) {
  const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  int unit = 0;
  while (bytes >= 1024 && unit < 4) {
    bytes /= 1024;
    ++unit;
  }
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, unit == 0 ? "%.0f %s" : "%.1f %s", bytes, units[unit]);
  return buffer;
}

std::string joinKeys(const std::unordered_map<std::string, SeenValue>& values, size_t limit) {
  std::vector<std::string> names;
  for (const auto& [name, seen] : values)
    names.push_back(name);
  std::sort(names.begin(), names.end());
  std::string out;
  for (size_t i = 0; i < names.size() && i < limit; ++i)
    out += (i == 0 ? "" : ", ") + names[i];
  if (names.size() > limit) out += ", ...";
  return out;
}

}  // namespace bulwark::ueba
