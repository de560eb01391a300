// etc/os-release (or usr/lib/os-release, which Debian's etc/os-release links to) and
// etc/debian_version, which is all a Debian image without os-release has.
#include <map>

#include "image/analysers/analysers.h"

namespace bulwark::image {
namespace {

std::string unquote(std::string value) {
  if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
      value.back() == value.front())
    value = value.substr(1, value.size() - 2);
  return value;
}

class OsReleaseAnalyser : public Analyser {
 public:
  std::string_view name() const override { return "os-release"; }
  bool wants(const FileInfo& f) const override {
    return f.path == "etc/os-release" || f.path == "usr/lib/os-release" ||
           f.path == "etc/debian_version";
  }
  void analyse(const FileInfo& f, std::string_view content, FileFindings& out) const override {
    OsInfo os;
    if (f.path == "etc/debian_version") {
      std::string v(content.substr(0, content.find('\n')));
      if (v.empty()) return;
      os.id = "debian";
      os.versionId = v.substr(0, v.find('.'));
      os.prettyName = "Debian " + v;
      out.os = os;
      out.osSource = "debian_version";
      return;
    }
    std::map<std::string, std::string> values;
    size_t pos = 0;
    while (pos < content.size()) {
      size_t end = content.find('\n', pos);
      if (end == std::string_view::npos) end = content.size();
      std::string line(content.substr(pos, end - pos));
      pos = end + 1;
      size_t eq = line.find('=');
      if (line.empty() || line[0] == '#' || eq == std::string::npos) continue;
      values[line.substr(0, eq)] = unquote(line.substr(eq + 1));
    }
    os.id = values["ID"];
    os.versionId = values["VERSION_ID"];
    os.codename = values["VERSION_CODENAME"];
    os.prettyName = values["PRETTY_NAME"];
    if (os.id.empty()) {
      out.problems.push_back("no ID= line: operating system unknown");
      return;
    }
    out.os = os;
    out.osSource = "os-release";
  }
};

}  // namespace

std::unique_ptr<Analyser> makeOsReleaseAnalyser() {
  return std::make_unique<OsReleaseAnalyser>();
}

}  // namespace bulwark::image
