#include "detectrun/detect_settings.h"

namespace bulwark::detectrun {

int severityRank(std::string_view s) {
  if (s == "High" || s == "high") return 3;
  if (s == "Medium" || s == "medium") return 2;
  if (s == "Low" || s == "low") return 1;
  if (s == "Informational" || s == "informational") return 0;
  return -1;
}

}  // namespace bulwark::detectrun
