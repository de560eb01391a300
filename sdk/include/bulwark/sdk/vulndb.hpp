// The vulnerability database as a plugin sees it (ABI 1.2 host service): the one database the
// operator imported, matched a batch of packages at a time. Thread-safe like the service.
#ifndef BULWARK_SDK_VULNDB_HPP
#define BULWARK_SDK_VULNDB_HPP

#include <bulwark/plugin.h>
#include <bulwark/sdk/bw_str.hpp>

#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace bulwark::sdk {

// An installed package. Distro packages set `distro` and `release` (and `sourcePackage` when
// the binary package's source differs): they meet only their distro's advisories.
struct PackageQuery {
  std::string ecosystem;
  std::string package;
  std::string version;
  std::string distro;
  std::string release;
  std::string sourcePackage;
};

// A distro package (dpkg, rpm, apk) installed on `distro` (os-release ID) `release`
// (VERSION_ID, else the codename). Distro trackers state fixes in source package versions, so
// the source version is what is matched when it is known (a binNMU such as +b1 differs).
inline PackageQuery distroPackageQuery(std::string distro, std::string release, std::string package,
                                       std::string version, std::string sourcePackage = {},
                                       const std::string& sourceVersion = {}) {
  PackageQuery q;
  q.package = std::move(package);
  q.version = sourceVersion.empty() ? std::move(version) : sourceVersion;
  q.distro = std::move(distro);
  q.release = std::move(release);
  q.sourcePackage = std::move(sourcePackage);
  return q;
}

struct VulnMatch {
  size_t query = 0;  // index of the package in the batch
  std::string id;
  std::vector<std::string> aliases;
  std::string source;
  std::string severity;  // Critical, High, Medium, Low or Unknown
  std::string severityOrigin;
  std::string cvss;
  std::string summary;
  std::string ecosystem;
  std::string release;
  std::string package;
  std::string installedVersion;
  std::string fixedVersion;  // empty when no fix exists
  std::string state;         // fixed, unfixed, wont-fix
};

struct VulnDbInfo {
  bool available = false;
  std::string importedAt;
  std::string version;  // changes whenever an import changed the content
};

class VulnDbClient {
 public:
  explicit VulnDbClient(const bw_host_api* api) : api_(api) {}

  // False with a kernel older than ABI 1.2.
  bool offered() const {
    return BULWARK_TABLE_HAS(api_, vuln_info) && BULWARK_TABLE_HAS(api_, vuln_match);
  }

  VulnDbInfo info() const {
    VulnDbInfo out;
    if (!offered()) return out;
    bw_vuln_db_info raw{};
    raw.struct_size = sizeof raw;
    if (api_->vuln_info(api_->ctx, &raw) != BW_OK) return out;
    out.available = raw.available != 0;
    out.importedAt = std::string(fromBw(raw.imported_at));
    out.version = std::string(fromBw(raw.version));
    return out;
  }

  // Every advisory affecting each package, ordered by package index then advisory id. Throws
  // std::runtime_error when no database is available or it fails.
  std::vector<VulnMatch> match(const std::vector<PackageQuery>& packages) const {
    if (!offered())
      throw std::runtime_error("the kernel offers no vulnerability database (ABI < 1.2)");
    std::vector<bw_package_query> wire;
    wire.reserve(packages.size());
    for (const auto& p : packages)
      wire.push_back({toBw(p.ecosystem), toBw(p.package), toBw(p.version), toBw(p.distro),
                      toBw(p.release), toBw(p.sourcePackage)});
    const bw_vuln_match* raw = nullptr;
    size_t count = 0;
    bw_status status = api_->vuln_match(api_->ctx, wire.data(), wire.size(), &raw, &count);
    if (status != BW_OK) {
      std::string why = BULWARK_TABLE_HAS(api_, host_error)
                            ? std::string(fromBw(api_->host_error(api_->ctx)))
                            : std::string();
      throw std::runtime_error(status == BW_UNSUPPORTED ? "no vulnerability database is configured"
                                                        : "vulnerability database: " + why);
    }
    std::vector<VulnMatch> out;
    out.reserve(count);
    for (size_t i = 0; i < count; ++i) {
      const bw_vuln_match& m = raw[i];
      VulnMatch v;
      v.query = m.query;
      v.id = std::string(fromBw(m.id));
      for (size_t a = 0; a < m.alias_count; ++a)
        v.aliases.emplace_back(fromBw(m.aliases[a]));
      v.source = std::string(fromBw(m.source));
      v.severity = std::string(fromBw(m.severity));
      v.severityOrigin = std::string(fromBw(m.severity_origin));
      v.cvss = std::string(fromBw(m.cvss));
      v.summary = std::string(fromBw(m.summary));
      v.ecosystem = std::string(fromBw(m.ecosystem));
      v.release = std::string(fromBw(m.release));
      v.package = std::string(fromBw(m.package));
      v.installedVersion = std::string(fromBw(m.installed_version));
      v.fixedVersion = std::string(fromBw(m.fixed_version));
      v.state = std::string(fromBw(m.state));
      out.push_back(std::move(v));
    }
    return out;
  }

 private:
  const bw_host_api* api_;
};

}  // namespace bulwark::sdk

#endif  // BULWARK_SDK_VULNDB_HPP
