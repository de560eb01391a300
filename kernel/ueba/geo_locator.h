// Offline IP geolocation: the country of an address, from a legacy MaxMind GeoIP country
// database (Debian's geoip-database: /usr/share/GeoIP/GeoIP.dat and GeoIPv6.dat), read with
// libGeoIP. Lookups are in memory, no network.
#pragma once

#include <string>

struct GeoIPTag;

namespace bulwark::ueba {

inline constexpr const char* kDefaultGeoIpDatabase = "/usr/share/GeoIP/GeoIP.dat";

class GeoLocator {
 public:
  // Opens `ipv4Path` and, when present, the GeoIPv6.dat beside it. Throws std::runtime_error
  // naming the file when the IPv4 database cannot be opened.
  explicit GeoLocator(const std::string& ipv4Path = kDefaultGeoIpDatabase);
  ~GeoLocator();
  GeoLocator(const GeoLocator&) = delete;
  GeoLocator& operator=(const GeoLocator&) = delete;

  // ISO 3166-1 alpha-2 code ("DE"), or "" for private, reserved, unknown or malformed
  // addresses.
  std::string country(const std::string& ip) const;

 private:
  GeoIPTag* v4_ = nullptr;
  GeoIPTag* v6_ = nullptr;
};

}  // namespace bulwark::ueba
