// Country centre coordinates (built in from config/geo/country-centroids.csv) and the
// great-circle distance between two countries.
#pragma once

#include <optional>
#include <string>

namespace bulwark::ueba {

struct LatLon {
  double lat = 0;
  double lon = 0;
};

std::optional<LatLon> countryCentroid(const std::string& isoCode);
double greatCircleKm(LatLon a, LatLon b);
// Distance between the centres of two countries; nullopt when either is unknown.
std::optional<double> countryDistanceKm(const std::string& a, const std::string& b);

}  // namespace bulwark::ueba
