#include "logs/postgres_time.h"

#include <bulwark/sdk/time.hpp>

#include <string>

namespace bulwark::sql::logs {

std::optional<std::pair<int64_t, size_t>> postgresTime(std::string_view text) {
  if (text.size() < 19 || text[10] != ' ') return std::nullopt;
  size_t end = 19;
  if (end < text.size() && text[end] == '.') {
    ++end;
    while (end < text.size() && text[end] >= '0' && text[end] <= '9')
      ++end;
  }
  std::string iso(text.substr(0, end));
  iso[10] = 'T';
  if (end >= text.size() || text[end] != ' ') return std::nullopt;
  size_t zoneEnd = text.find_first_of(" ,\"", end + 1);
  if (zoneEnd == std::string_view::npos) zoneEnd = text.size();
  std::string_view zone = text.substr(end + 1, zoneEnd - end - 1);
  if (zone == "UTC" || zone == "GMT" || zone == "Z") {
    iso += 'Z';
  } else if ((zone.size() == 3 || zone.size() == 5 || zone.size() == 6) &&
             (zone[0] == '+' || zone[0] == '-')) {
    iso += std::string(zone.substr(0, 3)) + ":" +
           (zone.size() == 3 ? std::string("00") : std::string(zone.substr(zone.size() - 2)));
  } else {
    return std::nullopt;
  }
  auto seconds = sdk::parseIsoTime(iso);
  if (!seconds) return std::nullopt;
  int64_t ns = *seconds * 1000000000LL;
  size_t dot = iso.find('.');
  if (dot != std::string::npos) {
    int64_t fraction = 0, scale = 1000000000LL;
    for (size_t i = dot + 1; i < iso.size() && iso[i] >= '0' && iso[i] <= '9' && scale > 1; ++i) {
      scale /= 10;
      fraction += (iso[i] - '0') * scale;
    }
    ns += fraction;
  }
  return std::make_pair(ns, zoneEnd);
}

}  // namespace bulwark::sql::logs
