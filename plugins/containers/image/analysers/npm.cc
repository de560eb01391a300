// npm: node_modules/<name>/package.json and node_modules/@scope/<name>/package.json. Other
// package.json files inside a package (lodash/fp/package.json) describe no package.
#include <nlohmann/json.hpp>

#include "image/analysers/analysers.h"
#include "image/entry_path.h"

namespace bulwark::image {
namespace {

class NpmAnalyser : public Analyser {
 public:
  std::string_view name() const override { return "npm"; }
  bool wants(const FileInfo& f) const override {
    if (baseName(f.path) != "package.json") return false;
    std::string packageDir = parentPath(f.path);
    std::string container = parentPath(packageDir);
    std::string scope = baseName(container);
    if (!scope.empty() && scope.front() == '@') container = parentPath(container);
    return baseName(container) == "node_modules";
  }
  void analyse(const FileInfo& f, std::string_view content, FileFindings& out) const override {
    nlohmann::json doc;
    try {
      doc = nlohmann::json::parse(content);
    } catch (const nlohmann::json::parse_error& e) {
      out.problems.push_back("byte " + std::to_string(e.byte) + ": invalid JSON");
      return;
    }
    if (!doc.is_object() || !doc.contains("name") || !doc["name"].is_string() ||
        !doc.contains("version") || !doc["version"].is_string()) {
      out.problems.push_back("package.json without a string name and version");
      return;
    }
    Package p;
    p.kind = "npm";
    p.ecosystem = "npm";
    p.name = doc["name"].get<std::string>();
    p.version = doc["version"].get<std::string>();
    p.path = f.path;
    out.packages.push_back(std::move(p));
  }
};

}  // namespace

std::unique_ptr<Analyser> makeNpmAnalyser() {
  return std::make_unique<NpmAnalyser>();
}

}  // namespace bulwark::image
