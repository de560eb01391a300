#include "vuln/db/time_text.h"

#include <ctime>

namespace bulwark::vuln {

std::string utcNowText() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace bulwark::vuln
