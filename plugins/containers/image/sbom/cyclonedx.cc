#include <map>

#include <bulwark/sdk/time.hpp>
#include "image/sbom/purl.h"
#include "image/sbom/sbom.h"
#include "image/sbom/uuid_text.h"

namespace bulwark::image {
namespace {

using nlohmann::json;

// CycloneDX severities are lowercase and closed: critical, high, medium, low, info, none,
// unknown.
std::string cdxSeverity(const std::string& severity) {
  static const std::map<std::string, std::string> kMap = {
      {"Critical", "critical"}, {"High", "high"}, {"Medium", "medium"}, {"Low", "low"}};
  auto it = kMap.find(severity);
  return it == kMap.end() ? "unknown" : it->second;
}

std::string componentRef(const Package& p, size_t index) {
  return "pkg-" + std::to_string(index) + "-" + p.kind + "-" + p.name + "@" + p.version;
}

json properties(const Package& p) {
  json out = json::array();
  auto add = [&](const char* name, const std::string& value) {
    if (!value.empty()) out.push_back({{"name", name}, {"value", value}});
  };
  add("bulwark:package:kind", p.kind);
  add("bulwark:package:ecosystem", p.ecosystem);
  add("bulwark:package:layer", p.layer);
  add("bulwark:package:path", p.path);
  add("bulwark:package:source-name", p.sourceName);
  add("bulwark:package:source-version", p.sourceVersion);
  return out;
}

}  // namespace

SbomContext currentSbomContext() {
  return {sdk::utcNowIso8601(), randomUuid(), BULWARK_CONTAINERS_VERSION};
}

json cycloneDxSbom(const ImageScanResult& result, const SbomContext& context) {
  const std::string imageRef = "image-" + result.digest;
  json image = {{"type", "container"},
                {"bom-ref", imageRef},
                {"name", result.reference.empty() ? result.digest : result.reference},
                {"version", result.digest}};
  if (!result.digest.empty())
    image["hashes"] = json::array(
        {{{"alg", "SHA-256"}, {"content", result.digest.substr(result.digest.find(':') + 1)}}});
  json components = json::array();
  std::map<std::string, std::string> refByIdentity;
  json dependsOn = json::array();
  if (result.osInfo) {
    json os = {{"type", "operating-system"},
               {"bom-ref", "os-" + result.osInfo->id},
               {"name", result.osInfo->id},
               {"version", result.osInfo->versionId}};
    if (!result.osInfo->prettyName.empty()) os["description"] = result.osInfo->prettyName;
    components.push_back(os);
    dependsOn.push_back("os-" + result.osInfo->id);
  }
  for (size_t i = 0; i < result.packages.size(); ++i) {
    const Package& p = result.packages[i];
    std::string ref = componentRef(p, i);
    json component = {{"type", "library"}, {"bom-ref", ref}, {"name", p.name}};
    if (!p.version.empty()) component["version"] = p.version;
    std::string purl = packageUrl(p, result.osInfo);
    if (!purl.empty()) component["purl"] = purl;
    json props = properties(p);
    if (!props.empty()) component["properties"] = props;
    components.push_back(component);
    dependsOn.push_back(ref);
    refByIdentity.emplace(p.kind + "\n" + p.name + "\n" + p.version + "\n" + p.arch, ref);
  }
  json vulnerabilities = json::array();
  std::map<std::string, size_t> vulnIndex;  // one entry per advisory, affecting many packages
  for (const auto& finding : result.findings) {
    const Package& p = finding.package;
    const auto& v = finding.vulnerability;
    auto ref = refByIdentity.find(p.kind + "\n" + p.name + "\n" + p.version + "\n" + p.arch);
    if (ref == refByIdentity.end()) continue;
    auto [it, inserted] = vulnIndex.emplace(v.id, vulnerabilities.size());
    if (inserted) {
      json entry = {{"bom-ref", "vuln-" + v.id},
                    {"id", v.id},
                    {"source", {{"name", v.source}}},
                    {"ratings", json::array({{{"severity", cdxSeverity(v.severity)}}})},
                    {"affects", json::array()}};
      if (!v.cvss.empty()) entry["ratings"][0]["vector"] = v.cvss;
      if (!v.summary.empty()) entry["description"] = v.summary;
      json references = json::array();
      for (const auto& alias : v.aliases)
        references.push_back({{"id", alias}, {"source", {{"name", "alias"}}}});
      if (!references.empty()) entry["references"] = references;
      vulnerabilities.push_back(entry);
    }
    json& entry = vulnerabilities[it->second];
    json affected = {{"ref", ref->second}};
    json version = {{"version", p.version}, {"status", "affected"}};
    affected["versions"] = json::array({version});
    entry["affects"].push_back(affected);
    std::string advice = v.fixedVersion.empty()
                             ? (v.state == "wont-fix" ? p.name + ": the distribution will not fix"
                                                      : p.name + ": no fixed version yet")
                             : "Upgrade " + p.name + " to " + v.fixedVersion;
    std::string previous = entry.value("recommendation", "");
    if (previous.find(advice) == std::string::npos)
      entry["recommendation"] = previous.empty() ? advice : previous + "; " + advice;
  }
  json bom = {{"bomFormat", "CycloneDX"},
              {"specVersion", "1.5"},
              {"serialNumber", "urn:uuid:" + context.uuid},
              {"version", 1},
              {"metadata",
               {{"timestamp", context.timestamp},
                {"tools",
                 {{"components", json::array({{{"type", "application"},
                                               {"name", "bulwark"},
                                               {"version", context.toolVersion}}})}}},
                {"component", image}}},
              {"components", components},
              {"dependencies", json::array({{{"ref", imageRef}, {"dependsOn", dependsOn}}})}};
  if (!vulnerabilities.empty()) bom["vulnerabilities"] = vulnerabilities;
  return bom;
}

}  // namespace bulwark::image
