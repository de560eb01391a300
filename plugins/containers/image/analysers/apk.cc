// Alpine and Wolfi: lib/apk/db/installed ("P:name", "V:version", "A:arch", "o:origin").
#include "image/analysers/analysers.h"
#include "image/analysers/stanza.h"

namespace bulwark::image {
namespace {

class ApkAnalyser : public Analyser {
 public:
  std::string_view name() const override { return "apk"; }
  bool wants(const FileInfo& f) const override { return f.path == "lib/apk/db/installed"; }
  void analyse(const FileInfo& f, std::string_view content, FileFindings& out) const override {
    for (const Stanza& s : parseStanzas(content, out.problems)) {
      Package p;
      p.kind = kKindApk;
      p.name = s.get("P");
      p.version = s.get("V");
      p.arch = s.get("A");
      p.sourceName = s.get("o").empty() ? p.name : s.get("o");
      p.sourceVersion = p.version;
      p.path = f.path;
      if (p.name.empty() || p.version.empty()) {
        out.problems.push_back("line " + std::to_string(s.line) + ": record without P: or V:");
        continue;
      }
      out.packages.push_back(std::move(p));
    }
  }
};

}  // namespace

std::unique_ptr<Analyser> makeApkAnalyser() {
  return std::make_unique<ApkAnalyser>();
}

}  // namespace bulwark::image
