#include "image/sbom/purl.h"

#include <bulwark/sdk/text.hpp>

#include <cctype>

namespace bulwark::image {
namespace {

// PyPI names compare case-insensitively with runs of -, _ and . equal (PEP 503).
std::string pypiName(const std::string& name) {
  std::string out;
  for (char c : sdk::lower(name)) {
    bool separator = c == '_' || c == '.' || c == '-';
    if (separator && !out.empty() && out.back() == '-') continue;
    out += separator ? '-' : c;
  }
  return out;
}

// Each path segment encoded on its own, the slashes kept.
std::string encodePath(const std::string& path) {
  std::string out;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    out += purlEncode(path.substr(start, end == std::string::npos ? end : end - start));
    if (end == std::string::npos) break;
    out += '/';
    start = end + 1;
  }
  return out;
}

}  // namespace

std::string purlEncode(const std::string& text) {
  return sdk::percentEncode(text);
}

std::string packageUrl(const Package& p, const std::optional<OsInfo>& os) {
  if (p.name.empty()) return {};
  std::string version = p.version.empty() ? "" : "@" + purlEncode(p.version);
  if (p.isDistro()) {
    std::string type = p.kind == kKindDpkg ? "deb" : p.kind;  // apk, rpm
    std::string vendor = os && !os->id.empty() ? sdk::lower(os->id) : "unknown";
    std::string qualifiers;
    auto add = [&](const std::string& key, const std::string& value) {
      if (value.empty()) return;
      qualifiers += (qualifiers.empty() ? "?" : "&") + key + "=" + purlEncode(value);
    };
    add("arch", p.arch);
    if (os && !os->versionId.empty()) add("distro", vendor + "-" + os->versionId);
    if (!p.sourceName.empty() && p.sourceName != p.name) add("upstream", p.sourceName);
    return "pkg:" + type + "/" + purlEncode(vendor) + "/" + purlEncode(p.name) + version +
           qualifiers;
  }
  if (p.kind == "npm") {
    // A scoped name "@scope/name" is namespace %40scope and name.
    if (!p.name.empty() && p.name.front() == '@' && p.name.find('/') != std::string::npos) {
      size_t slash = p.name.find('/');
      return "pkg:npm/" + purlEncode(p.name.substr(0, slash)) + "/" +
             purlEncode(p.name.substr(slash + 1)) + version;
    }
    return "pkg:npm/" + purlEncode(p.name) + version;
  }
  if (p.kind == "python") return "pkg:pypi/" + purlEncode(pypiName(p.name)) + version;
  if (p.kind == "go") return "pkg:golang/" + encodePath(p.name) + version;
  if (p.kind == "gem") return "pkg:gem/" + purlEncode(p.name) + version;
  if (p.kind == "cargo") return "pkg:cargo/" + purlEncode(p.name) + version;
  if (p.kind == "java") {
    size_t colon = p.name.find(':');
    if (colon == std::string::npos) return "pkg:maven/" + purlEncode(p.name) + version;
    return "pkg:maven/" + purlEncode(p.name.substr(0, colon)) + "/" +
           purlEncode(p.name.substr(colon + 1)) + version;
  }
  return {};
}

}  // namespace bulwark::image
