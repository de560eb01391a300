#include "ueba/country_centroids.h"

#include <cmath>
#include <sstream>
#include <unordered_map>

namespace bulwark::ueba {

extern const char* const kBuiltinCountryCentroidsCsv;

namespace {

std::unordered_map<std::string, LatLon> parseCentroids() {
  std::unordered_map<std::string, LatLon> out;
  std::istringstream in(kBuiltinCountryCentroidsCsv);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#' || line.rfind("code,", 0) == 0) continue;
    std::istringstream fields(line);
    std::string code, lat, lon;
    if (!std::getline(fields, code, ',') || !std::getline(fields, lat, ',') ||
        !std::getline(fields, lon, ','))
      continue;
    out[code] = LatLon{std::stod(lat), std::stod(lon)};
  }
  return out;
}

}  // namespace

std::optional<LatLon> countryCentroid(const std::string& code) {
  static const auto table = parseCentroids();
  auto it = table.find(code);
  if (it == table.end()) return std::nullopt;
  return it->second;
}

double greatCircleKm(LatLon a, LatLon b) {
  constexpr double kEarthRadiusKm = 6371.0;
  constexpr double kRad = M_PI / 180.0;
  double dLat = (b.lat - a.lat) * kRad;
  double dLon = (b.lon - a.lon) * kRad;
  double h = std::sin(dLat / 2) * std::sin(dLat / 2) + std::cos(a.lat * kRad) *
                                                           std::cos(b.lat * kRad) *
                                                           std::sin(dLon / 2) * std::sin(dLon / 2);
  return 2 * kEarthRadiusKm * std::asin(std::min(1.0, std::sqrt(h)));
}

std::optional<double> countryDistanceKm(const std::string& a, const std::string& b) {
  auto ca = countryCentroid(a);
  auto cb = countryCentroid(b);
  if (!ca || !cb) return std::nullopt;
  return greatCircleKm(*ca, *cb);
}

}  // namespace bulwark::ueba
