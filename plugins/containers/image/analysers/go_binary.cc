// Go binaries: the build info Go 1.18+ writes after the "\xff Go buildinf:" magic (16-byte
// aligned): pointer size, flags, then (flag 2: inline) the Go version and the module info as
// varint-prefixed strings. Module info lines: "path", "mod", "dep" and "=>" (replaces the
// dep before it). The older pointer format is reported as unsupported.
#include <cstring>

#include "image/analysers/analysers.h"

namespace bulwark::image {
namespace {

constexpr std::string_view kMagic("\xff Go buildinf:", 14);
constexpr int64_t kMinBinaryBytes = 1024;

bool readVarintString(std::string_view data, size_t& at, std::string& out) {
  uint64_t len = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (at >= data.size()) return false;
    auto b = static_cast<unsigned char>(data[at++]);
    len |= static_cast<uint64_t>(b & 0x7f) << shift;
    if ((b & 0x80) == 0) {
      if (len > data.size() - at) return false;
      out = std::string(data.substr(at, len));
      at += len;
      return true;
    }
  }
  return false;
}

std::vector<std::string> splitTabs(std::string_view line) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    size_t tab = line.find('\t', start);
    parts.emplace_back(line.substr(start, tab == std::string_view::npos ? tab : tab - start));
    if (tab == std::string_view::npos) return parts;
    start = tab + 1;
  }
}

class GoBinaryAnalyser : public Analyser {
 public:
  std::string_view name() const override { return "go-binary"; }
  bool wants(const FileInfo& f) const override { return f.executable && f.size >= kMinBinaryBytes; }
  void analyse(const FileInfo& f, std::string_view content, FileFindings& out) const override {
    if (content.size() < 4 || content.substr(0, 4) !=
                                  "\x7f"
                                  "ELF")
      return;
    size_t at = content.find(kMagic);
    while (at != std::string_view::npos && at % 16 != 0)
      at = content.find(kMagic, at + 1);
    if (at == std::string_view::npos || at + 32 > content.size()) return;
    auto flags = static_cast<unsigned char>(content[at + 15]);
    if ((flags & 2) == 0) {
      out.problems.push_back("Go build info in the pre-1.18 pointer format is not supported");
      return;
    }
    size_t pos = at + 32;
    std::string goVersion, modInfo;
    if (!readVarintString(content, pos, goVersion) || !readVarintString(content, pos, modInfo)) {
      out.problems.push_back("byte " + std::to_string(at) + ": truncated Go build info");
      return;
    }
    // The module info is framed by 16-byte sentinels.
    if (modInfo.size() >= 33 && modInfo[modInfo.size() - 17] == '\n')
      modInfo = modInfo.substr(16, modInfo.size() - 32);
    auto add = [&](const std::string& module, const std::string& version) {
      Package p;
      p.kind = "go";
      p.ecosystem = "Go";
      p.name = module;
      p.version = version;
      p.path = f.path;
      out.packages.push_back(std::move(p));
    };
    if (goVersion.rfind("go", 0) == 0) add("stdlib", goVersion.substr(2));
    size_t start = 0;
    while (start < modInfo.size()) {
      size_t end = modInfo.find('\n', start);
      if (end == std::string::npos) end = modInfo.size();
      auto parts = splitTabs(std::string_view(modInfo).substr(start, end - start));
      start = end + 1;
      if (parts.size() < 3) continue;
      if (parts[0] == "mod" || parts[0] == "dep") {
        if (parts[2] != "(devel)") add(parts[1], parts[2]);
      } else if (parts[0] == "=>" && !out.packages.empty() &&
                 out.packages.back().name != "stdlib") {
        out.packages.back().name = parts[1];
        out.packages.back().version = parts[2];
      }
    }
  }
};

}  // namespace

std::unique_ptr<Analyser> makeGoBinaryAnalyser() {
  return std::make_unique<GoBinaryAnalyser>();
}

}  // namespace bulwark::image
