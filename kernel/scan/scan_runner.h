// Runs one posture scan: reads the inventory, loads and instantiates the enabled plugins,
// runs their collectors and assessments inside the requested scopes, and returns the record
// (the caller stores and reports it). Problems are recorded, not thrown: a broken file, a
// refused plugin or a throwing assessment leave the rest of the scan running.
#pragma once

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "config/config.h"
#include "model/scan_record.h"
#include "policy/security_policy.h"
#include "scope/resource_id.h"

namespace bulwark {
namespace vuln {
class VulnDbService;
}
namespace pluginstate {
class PluginStateStore;
}

struct ScanOptions {
  std::vector<ResourceId> scopes;       // empty: everything
  std::vector<std::string> pluginDirs;  // where "<id>.so" files are looked for
  const std::atomic<bool>* cancel = nullptr;
  std::string kernelVersion;
  policy::SecurityPolicy securityPolicy;
  // The host services plugins may use while they collect and assess (ABI 1.2); null: none.
  vuln::VulnDbService* vulndb = nullptr;
  pluginstate::PluginStateStore* state = nullptr;
};

ScanRecord runScan(const Config& config, const ScanOptions& options);

// Parses scope strings; throws std::invalid_argument naming the bad one.
std::vector<ResourceId> parseScopes(const std::vector<std::string>& scopes);

}  // namespace bulwark
