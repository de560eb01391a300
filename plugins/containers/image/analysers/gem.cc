// RubyGems: specifications/<name>-<version>.gemspec. The spec's own s.name / s.version
// assignments win; the file name is the fallback.
#include <re2/re2.h>

#include "image/analysers/analysers.h"
#include "image/entry_path.h"

namespace bulwark::image {
namespace {

class GemAnalyser : public Analyser {
 public:
  std::string_view name() const override { return "gem"; }
  bool wants(const FileInfo& f) const override {
    std::string base = baseName(f.path);
    return baseName(parentPath(f.path)) == "specifications" && base.size() > 8 &&
           base.substr(base.size() - 8) == ".gemspec";
  }
  void analyse(const FileInfo& f, std::string_view content, FileFindings& out) const override {
    static const RE2 kName(R"(\.name\s*=\s*["']([^"']+)["'])");
    static const RE2 kVersion(R"(\.version\s*=\s*(?:Gem::Version\.new\()?["']([^"']+)["'])");
    std::string name, version;
    RE2::PartialMatch(content, kName, &name);
    RE2::PartialMatch(content, kVersion, &version);
    if (name.empty() || version.empty()) {
      std::string base = baseName(f.path);
      base = base.substr(0, base.size() - 8);
      size_t dash = base.rfind('-');
      if (dash == std::string::npos || dash + 1 >= base.size()) {
        out.problems.push_back("no name and version in the gemspec or its file name");
        return;
      }
      name = base.substr(0, dash);
      version = base.substr(dash + 1);
    }
    Package p;
    p.kind = "gem";
    p.ecosystem = "RubyGems";
    p.name = name;
    p.version = version;
    p.path = f.path;
    out.packages.push_back(std::move(p));
  }
};

}  // namespace

std::unique_ptr<Analyser> makeGemAnalyser() {
  return std::make_unique<GemAnalyser>();
}

}  // namespace bulwark::image
