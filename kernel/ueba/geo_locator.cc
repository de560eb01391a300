#include "ueba/geo_locator.h"

#include <GeoIP.h>
#include <arpa/inet.h>

#include <filesystem>
#include <stdexcept>

namespace bulwark::ueba {

GeoLocator::GeoLocator(const std::string& ipv4Path) {
  if (!std::filesystem::is_regular_file(ipv4Path))
    throw std::runtime_error(ipv4Path + ": no GeoIP country database (install geoip-database)");
  v4_ = GeoIP_open(ipv4Path.c_str(), GEOIP_MEMORY_CACHE | GEOIP_SILENCE);
  if (v4_ == nullptr) throw std::runtime_error(ipv4Path + ": cannot open GeoIP database");
  auto v6 = std::filesystem::path(ipv4Path).parent_path() / "GeoIPv6.dat";
  if (std::filesystem::is_regular_file(v6))
    v6_ = GeoIP_open(v6.c_str(), GEOIP_MEMORY_CACHE | GEOIP_SILENCE);
}

GeoLocator::~GeoLocator() {
  if (v4_ != nullptr) GeoIP_delete(v4_);
  if (v6_ != nullptr) GeoIP_delete(v6_);
}

std::string GeoLocator::country(const std::string& ip) const {
  // Only well-formed literals reach libGeoIP, which would otherwise try DNS for a host name.
  unsigned char buffer[sizeof(in6_addr)];
  const char* code = nullptr;
  if (inet_pton(AF_INET, ip.c_str(), buffer) == 1) {
    code = GeoIP_country_code_by_addr(v4_, ip.c_str());
  } else if (inet_pton(AF_INET6, ip.c_str(), buffer) == 1 && v6_ != nullptr) {
    code = GeoIP_country_code_by_addr_v6(v6_, ip.c_str());
  }
  if (code == nullptr) return {};
  std::string c(code);
  // "A1"/"A2"/"AP"/"EU"/"O1": anonymous proxies, satellites and regions, not countries.
  if (c == "A1" || c == "A2" || c == "AP" || c == "EU" || c == "O1" || c == "--") return {};
  return c;
}

}  // namespace bulwark::ueba
