#include "image/sbom/purl.h"
#include "image/sbom/sbom.h"

namespace bulwark::image {
namespace {

using nlohmann::json;

// SPDX element ids allow letters, digits, '.' and '-' only.
std::string spdxId(const std::string& prefix, size_t index, const std::string& name) {
  std::string out = "SPDXRef-" + prefix + "-" + std::to_string(index) + "-";
  for (char c : name)
    out += (std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '-') ? c : '-';
  return out;
}

}  // namespace

json spdxSbom(const ImageScanResult& result, const SbomContext& context) {
  const std::string imageName = result.reference.empty() ? result.digest : result.reference;
  const std::string imageId = "SPDXRef-Image";
  json image = {{"SPDXID", imageId},
                {"name", imageName},
                {"versionInfo", result.digest},
                {"primaryPackagePurpose", "CONTAINER"},
                {"downloadLocation", "NOASSERTION"},
                {"filesAnalyzed", false},
                {"licenseConcluded", "NOASSERTION"},
                {"licenseDeclared", "NOASSERTION"},
                {"copyrightText", "NOASSERTION"}};
  if (result.digest.rfind("sha256:", 0) == 0)
    image["checksums"] =
        json::array({{{"algorithm", "SHA256"}, {"checksumValue", result.digest.substr(7)}}});
  json packages = json::array({image});
  json relationships = json::array({{{"spdxElementId", "SPDXRef-DOCUMENT"},
                                     {"relationshipType", "DESCRIBES"},
                                     {"relatedSpdxElement", imageId}}});
  if (result.osInfo) {
    std::string osId = spdxId("OperatingSystem", 0, result.osInfo->id);
    packages.push_back({{"SPDXID", osId},
                        {"name", result.osInfo->id},
                        {"versionInfo", result.osInfo->versionId},
                        {"primaryPackagePurpose", "OPERATING-SYSTEM"},
                        {"downloadLocation", "NOASSERTION"},
                        {"filesAnalyzed", false},
                        {"licenseConcluded", "NOASSERTION"},
                        {"licenseDeclared", "NOASSERTION"},
                        {"copyrightText", "NOASSERTION"}});
    relationships.push_back({{"spdxElementId", imageId},
                             {"relationshipType", "CONTAINS"},
                             {"relatedSpdxElement", osId}});
  }
  for (size_t i = 0; i < result.packages.size(); ++i) {
    const Package& p = result.packages[i];
    std::string id = spdxId("Package", i + 1, p.kind + "-" + p.name);
    json package = {{"SPDXID", id},
                    {"name", p.name},
                    {"downloadLocation", "NOASSERTION"},
                    {"filesAnalyzed", false},
                    {"licenseConcluded", "NOASSERTION"},
                    {"licenseDeclared", "NOASSERTION"},
                    {"copyrightText", "NOASSERTION"},
                    {"primaryPackagePurpose", p.isDistro() ? "INSTALL" : "LIBRARY"}};
    if (!p.version.empty()) package["versionInfo"] = p.version;
    std::string source = "found in " + p.path;
    if (!p.layer.empty()) source += " (layer " + p.layer + ")";
    if (!p.sourceName.empty()) source += "; source package " + p.sourceName;
    package["sourceInfo"] = source;
    std::string purl = packageUrl(p, result.osInfo);
    if (!purl.empty())
      package["externalRefs"] = json::array({{{"referenceCategory", "PACKAGE-MANAGER"},
                                              {"referenceType", "purl"},
                                              {"referenceLocator", purl}}});
    packages.push_back(package);
    relationships.push_back(
        {{"spdxElementId", imageId}, {"relationshipType", "CONTAINS"}, {"relatedSpdxElement", id}});
  }
  std::string digestPart = result.digest.empty()
                               ? std::string("image")
                               : result.digest.substr(result.digest.find(':') + 1);
  return {
      {"spdxVersion", "SPDX-2.3"},
      {"dataLicense", "CC0-1.0"},
      {"SPDXID", "SPDXRef-DOCUMENT"},
      {"name", imageName},
      {"documentNamespace", "https://spdx.org/spdxdocs/bulwark/" + digestPart + "-" + context.uuid},
      {"creationInfo",
       {{"created", context.timestamp}, {"creators", {"Tool: bulwark-" + context.toolVersion}}}},
      {"packages", packages},
      {"relationships", relationships}};
}

}  // namespace bulwark::image
