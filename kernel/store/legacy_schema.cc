#include "store/legacy_schema.h"

namespace bulwark {

const std::vector<LegacyStep>& legacySteps() {
  static const std::vector<LegacyStep> steps = {
      {1, "scans"},           // scans, resources, results, plugin runs
      {2, "scans"},           // assessment metadata, problems, run durations
      {3, "scans"},           // quick fixes and compliance references
      {4, "alerts"},          // alerts
      {4, "detect-offsets"},  // follow-mode read positions
      {5, "scores"},          // Secure Score per scan, scope and control
      {6, "ueba"},            // UEBA baselines
      {7, "alerts"},          // the 'suppressed' status
      {7, "suppressions"},    // suppression rules
      {8, "plans"},           // plans per plugin and scope
      {9, "image-scans"},     // image scan statuses, retired by plugin state
      {10, "ueba"},           // bytes read per hour
      {11, "plugin-state"},   // plugin-scoped state
      {11, "plugin-state"},   // image scan statuses adopted by the containers plugin
  };
  return steps;
}

int legacyPartVersion(const std::string& part, int version) {
  int n = 0;
  for (const auto& s : legacySteps()) {
    if (s.part == part && s.version <= version) ++n;
  }
  return n;
}

}  // namespace bulwark
