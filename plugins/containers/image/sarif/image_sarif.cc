#include "image/sarif/image_sarif.h"

#include <cctype>
#include <map>
#include <string_view>

#include "image/sbom/purl.h"

namespace bulwark::image {
namespace {

using nlohmann::json;

// GitHub code scanning reads properties.security-severity as a CVSS-like score in a string.
const char* securitySeverity(const std::string& severity) {
  if (severity == "Critical") return "9.5";
  if (severity == "High") return "8.0";
  if (severity == "Medium") return "5.5";
  if (severity == "Low") return "3.0";
  return "0.0";
}

// A relative URI reference for a path in the image: percent-encodes what a URI may not hold.
std::string imageUri(const std::string& path) {
  std::string out;
  size_t start = path.find_first_not_of('/');
  for (size_t i = start == std::string::npos ? path.size() : start; i < path.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(path[i]);
    if (std::isalnum(c) || std::string_view("-._~/!$&'()*+,;=:@").find(c) != std::string::npos) {
      out += static_cast<char>(c);
    } else {
      static const char* kHex = "0123456789ABCDEF";
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

json ruleFor(const Finding& f) {
  const auto& v = f.vulnerability;
  std::string title = v.summary.empty() ? v.id : v.summary;
  json rule = {{"id", v.id},
               {"shortDescription", {{"text", title}}},
               {"defaultConfiguration", {{"level", sarifLevelOf(v.severity)}}},
               {"properties",
                {{"severity", v.severity},
                 {"security-severity", securitySeverity(v.severity)},
                 {"aliases", v.aliases},
                 {"source", v.source},
                 {"tags", json::array({"security", "vulnerability"})}}}};
  rule["help"] = {{"text", "Upgrade the affected package to a fixed version. Aliases: " +
                               (v.aliases.empty() ? std::string("none") : [&] {
                                 std::string all;
                                 for (const auto& a : v.aliases)
                                   all += (all.empty() ? "" : ", ") + a;
                                 return all;
                               }())}};
  return rule;
}

std::string messageFor(const Finding& f) {
  const auto& v = f.vulnerability;
  std::string text = f.package.name + " " + f.package.version + " is affected by " + v.id;
  if (!v.fixedVersion.empty())
    text += "; fixed in " + v.fixedVersion;
  else
    text += "; no fixed version (" + (v.state.empty() ? std::string("unfixed") : v.state) + ")";
  return text + ".";
}

json resultFor(const Finding& f, const ImageScanResult& scan, size_t ruleIndex) {
  json location = {
      {"physicalLocation",
       {{"artifactLocation", {{"uri", imageUri(f.package.path)}, {"uriBaseId", "IMAGE_ROOT"}}}}},
      {"properties", {{"layer", f.package.layer}}}};
  json properties = {{"package", f.package.name},
                     {"kind", f.package.kind},
                     {"ecosystem", f.package.ecosystem},
                     {"installedVersion", f.package.version},
                     {"fixedVersion", f.vulnerability.fixedVersion},
                     {"state", f.vulnerability.state},
                     {"layer", f.package.layer},
                     {"image", scan.reference},
                     {"imageDigest", scan.digest}};
  if (auto purl = packageUrl(f.package, scan.osInfo); !purl.empty()) properties["purl"] = purl;
  return {{"ruleId", f.vulnerability.id},
          {"ruleIndex", ruleIndex},
          {"level", sarifLevelOf(f.vulnerability.severity)},
          {"message", {{"text", messageFor(f)}}},
          {"locations", json::array({location})},
          {"partialFingerprints",
           {{"bulwarkImageFinding/v1", f.vulnerability.id + "|" + f.package.kind + "|" +
                                           f.package.name + "|" + f.package.version}}},
          {"properties", properties}};
}

json suppressionFor(const Suppression& s) {
  std::string justification;
  if (s.kind == "ignored") {
    justification = "Ignored: " + s.reason;
  } else {
    justification = "VEX " + s.status;
    if (!s.justification.empty()) justification += " (" + s.justification + ")";
    if (!s.reason.empty()) justification += ": " + s.reason;
  }
  return {{"kind", "external"},
          {"status", "accepted"},
          {"justification", justification},
          {"properties", {{"origin", s.origin}, {"type", s.kind}}}};
}

}  // namespace

const char* sarifLevelOf(const std::string& severity) {
  if (severity == "Critical" || severity == "High") return "error";
  if (severity == "Medium") return "warning";
  return "note";
}

json imageScanSarif(const ImageScanResult& scan, const std::string& toolVersion) {
  json rules = json::array(), results = json::array();
  std::map<std::string, size_t> ruleIndex;
  auto indexOf = [&](const Finding& f) {
    auto [it, added] = ruleIndex.emplace(f.vulnerability.id, rules.size());
    if (added) rules.push_back(ruleFor(f));
    return it->second;
  };
  for (const auto& f : scan.findings)
    results.push_back(resultFor(f, scan, indexOf(f)));
  for (const auto& s : scan.suppressed) {
    json r = resultFor(s.finding, scan, indexOf(s.finding));
    r["suppressions"] = json::array({suppressionFor(s.suppression)});
    results.push_back(std::move(r));
  }
  json driver = {{"name", "Bulwark"},
                 {"fullName", "Bulwark container image vulnerability scanner"},
                 {"version", toolVersion},
                 {"rules", rules}};
  json run = {{"tool", {{"driver", driver}}},
              {"originalUriBaseIds",
               {{"IMAGE_ROOT",
                 {{"description", {{"text", "The root filesystem of image " + scan.reference}}}}}}},
              {"results", results},
              {"properties",
               {{"image", scan.reference},
                {"imageDigest", scan.digest},
                {"platform", scan.platform},
                {"vulnerabilitiesMatched", scan.matched}}}};
  return {{"$schema",
           "https://docs.oasis-open.org/sarif/sarif/v2.1.0/os/schemas/sarif-schema-2.1.0.json"},
          {"version", "2.1.0"},
          {"runs", json::array({run})}};
}

}  // namespace bulwark::image
