#include "datalists/data_dir.h"

#include <cstdlib>

namespace bulwark::datalists {

std::string defaultDataDir() {
  const char* env = std::getenv("BULWARK_DATA_DIR");
  return env != nullptr && *env != '\0' ? env : "/var/lib/bulwark";
}

}  // namespace bulwark::datalists
