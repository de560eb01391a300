// Rust: Cargo.lock [[package]] tables. Only crates with a source (a registry or git) are
// dependencies; the workspace's own crates have none.
#include "image/analysers/analysers.h"
#include "image/entry_path.h"

namespace bulwark::image {
namespace {

std::string quotedValue(std::string_view line) {
  size_t open = line.find('"'), close = line.rfind('"');
  if (open == std::string_view::npos || close <= open) return {};
  return std::string(line.substr(open + 1, close - open - 1));
}

class CargoAnalyser : public Analyser {
 public:
  std::string_view name() const override { return "cargo"; }
  bool wants(const FileInfo& f) const override { return baseName(f.path) == "Cargo.lock"; }
  void analyse(const FileInfo& f, std::string_view content, FileFindings& out) const override {
    Package current;
    bool inPackage = false, hasSource = false;
    auto flush = [&] {
      if (inPackage && hasSource && !current.name.empty() && !current.version.empty())
        out.packages.push_back(current);
      current = Package{};
      current.kind = "cargo";
      current.ecosystem = "crates.io";
      current.path = f.path;
      hasSource = false;
    };
    size_t pos = 0;
    while (pos < content.size()) {
      size_t end = content.find('\n', pos);
      if (end == std::string_view::npos) end = content.size();
      std::string_view line = content.substr(pos, end - pos);
      pos = end + 1;
      if (line.rfind("[", 0) == 0) {
        flush();
        inPackage = line.rfind("[[package]]", 0) == 0;
      } else if (inPackage && line.rfind("name = ", 0) == 0) {
        current.name = quotedValue(line);
      } else if (inPackage && line.rfind("version = ", 0) == 0) {
        current.version = quotedValue(line);
      } else if (inPackage && line.rfind("source = ", 0) == 0) {
        hasSource = true;
      }
    }
    flush();
  }
};

}  // namespace

std::unique_ptr<Analyser> makeCargoAnalyser() {
  return std::make_unique<CargoAnalyser>();
}

}  // namespace bulwark::image
