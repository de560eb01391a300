// The kernel's services in the shape the containers plugin's libraries take them, for tests
// that drive those libraries without a host: the vulnerability database as a PackageMatcher
// and the kernel's plugin state store (as plugin "containers") as the scan statuses' state.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "image/image_scan.h"
#include "image/scan_status.h"
#include "pluginstate/plugin_state_store.h"
#include "vuln/db/vuln_db.h"
#include "vuln/match/matcher.h"

namespace bulwark::test {

inline image::PackageMatcher kernelMatcher(const vuln::VulnDb& db) {
  return [&db](const std::vector<sdk::PackageQuery>& queries) {
    vuln::Matcher matcher(db);
    std::vector<sdk::VulnMatch> out;
    for (size_t i = 0; i < queries.size(); ++i) {
      const sdk::PackageQuery& q = queries[i];
      for (auto& m : matcher.match(
               {q.ecosystem, q.package, q.version, q.distro, q.release, q.sourcePackage})) {
        sdk::VulnMatch v;
        v.query = i;
        v.id = m.id;
        v.aliases = m.aliases;
        v.source = m.source;
        v.severity = m.severity;
        v.severityOrigin = m.severityOrigin;
        v.cvss = m.cvss;
        v.summary = m.summary;
        v.ecosystem = m.ecosystem;
        v.release = m.release;
        v.package = m.package;
        v.installedVersion = m.installedVersion;
        v.fixedVersion = m.fixedVersion;
        v.state = m.state;
        out.push_back(std::move(v));
      }
    }
    return out;
  };
}

class KernelStatusState : public image::StatusState {
 public:
  explicit KernelStatusState(const std::string& storePath) : store_(storePath) {}

  std::optional<std::string> get(const std::string& key) const override {
    return store_.get(kPlugin, key);
  }
  void put(const std::string& key, const std::string& value) override {
    store_.put(kPlugin, key, value);
  }
  void putIfAbsent(const std::string& key, const std::string& value) override {
    store_.put(kPlugin, key, value, true);
  }
  std::vector<std::pair<std::string, std::string>> list(const std::string& prefix) const override {
    std::vector<std::pair<std::string, std::string>> out;
    for (auto& e : store_.list(kPlugin, prefix))
      out.emplace_back(std::move(e.key), std::move(e.value));
    return out;
  }

 private:
  static constexpr const char* kPlugin = "containers";
  mutable pluginstate::PluginStateStore store_;
};

}  // namespace bulwark::test
