// Python distributions: *.dist-info/METADATA, *.egg-info/PKG-INFO and single-file *.egg-info
// (Debian's python3-* packages carry both forms).
#include "image/analysers/analysers.h"
#include "image/analysers/stanza.h"
#include "image/entry_path.h"

namespace bulwark::image {
namespace {

bool endsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

class PythonAnalyser : public Analyser {
 public:
  std::string_view name() const override { return "python"; }
  bool wants(const FileInfo& f) const override {
    std::string base = baseName(f.path), parent = parentPath(f.path);
    return (base == "METADATA" && endsWith(parent, ".dist-info")) ||
           (base == "PKG-INFO" && endsWith(parent, ".egg-info")) || endsWith(f.path, ".egg-info");
  }
  void analyse(const FileInfo& f, std::string_view content, FileFindings& out) const override {
    std::vector<std::string> problems;
    auto stanzas = parseStanzas(content, problems, true);
    if (stanzas.empty() || stanzas[0].get("Name").empty() || stanzas[0].get("Version").empty()) {
      out.problems.push_back("no Name and Version in the metadata header");
      return;
    }
    Package p;
    p.kind = "python";
    p.ecosystem = "PyPI";
    p.name = stanzas[0].get("Name");
    p.version = stanzas[0].get("Version");
    p.path = f.path;
    out.packages.push_back(std::move(p));
  }
};

}  // namespace

std::unique_ptr<Analyser> makePythonAnalyser() {
  return std::make_unique<PythonAnalyser>();
}

}  // namespace bulwark::image
