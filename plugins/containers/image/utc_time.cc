#include "image/utc_time.h"

#include <ctime>

namespace bulwark::image {
namespace {

std::string nowFormatted(const char* format) {
  std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, format, &utc);
  return buffer;
}

}  // namespace

std::string utcNowIso8601() {
  return nowFormatted("%Y-%m-%dT%H:%M:%SZ");
}

std::string utcToday() {
  return nowFormatted("%Y-%m-%d");
}

}  // namespace bulwark::image
