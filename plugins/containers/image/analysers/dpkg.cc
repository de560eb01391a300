// dpkg: var/lib/dpkg/status, and distroless images' var/lib/dpkg/status.d/<package> files
// (one stanza each, no Status field).
#include "image/analysers/analysers.h"
#include "image/analysers/stanza.h"
#include "image/entry_path.h"

namespace bulwark::image {
namespace {

bool endsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// The third word of "install ok installed"; dpkg lists a package when it is not "not-installed".
bool isInstalled(const std::string& status) {
  if (status.empty()) return true;
  size_t last = status.rfind(' ');
  std::string state = last == std::string::npos ? status : status.substr(last + 1);
  return state != "not-installed" && state != "config-files";
}

class DpkgAnalyser : public Analyser {
 public:
  std::string_view name() const override { return "dpkg"; }
  bool wants(const FileInfo& f) const override {
    return f.path == "var/lib/dpkg/status" ||
           (parentPath(f.path) == "var/lib/dpkg/status.d" && !endsWith(f.path, ".md5sums"));
  }
  void analyse(const FileInfo& f, std::string_view content, FileFindings& out) const override {
    for (const Stanza& s : parseStanzas(content, out.problems)) {
      Package p;
      p.kind = kKindDpkg;
      p.name = s.get("Package");
      p.version = s.get("Version");
      p.arch = s.get("Architecture");
      p.path = f.path;
      if (p.name.empty() || p.version.empty()) {
        out.problems.push_back("line " + std::to_string(s.line) +
                               ": stanza without Package or Version");
        continue;
      }
      if (!isInstalled(s.get("Status"))) continue;
      std::string source = s.get("Source");
      if (!source.empty()) {
        size_t paren = source.find(" (");
        if (paren != std::string::npos && source.back() == ')') {
          p.sourceVersion = source.substr(paren + 2, source.size() - paren - 3);
          source = source.substr(0, paren);
        }
        p.sourceName = source;
      } else {
        p.sourceName = p.name;
      }
      if (p.sourceVersion.empty()) p.sourceVersion = p.version;
      out.packages.push_back(std::move(p));
    }
  }
};

}  // namespace

std::unique_ptr<Analyser> makeDpkgAnalyser() {
  return std::make_unique<DpkgAnalyser>();
}

}  // namespace bulwark::image
