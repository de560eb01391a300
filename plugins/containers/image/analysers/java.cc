// Java archives (.jar, .war, .ear) opened in memory with libarchive: every
// META-INF/maven/<group>/<artifact>/pom.properties is a Maven package; an archive without one
// falls back to its MANIFEST.MF (Implementation-Title / Bundle-SymbolicName and version).
// Nested archives (Spring Boot's BOOT-INF/lib, WEB-INF/lib) are opened in turn, to a depth
// and size limit.
#include <archive.h>
#include <archive_entry.h>

#include <map>
#include <memory>

#include "image/analysers/analysers.h"
#include "image/analysers/stanza.h"
#include "image/entry_path.h"
#include "image/libarchive_util.h"

namespace bulwark::image {
namespace {

bool isJavaArchive(std::string_view path) {
  for (std::string_view ext : {".jar", ".war", ".ear"})
    if (path.size() > ext.size() && path.substr(path.size() - ext.size()) == ext) return true;
  return false;
}

std::map<std::string, std::string> parseProperties(std::string_view text) {
  std::map<std::string, std::string> values;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string line(text.substr(pos, end - pos));
    pos = end + 1;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    size_t eq = line.find('=');
    if (line.empty() || line[0] == '#' || eq == std::string::npos) continue;
    values[line.substr(0, eq)] = line.substr(eq + 1);
  }
  return values;
}

class JavaAnalyser : public Analyser {
 public:
  explicit JavaAnalyser(const ImageLimits& limits) : limits_(limits) {}
  std::string_view name() const override { return "java"; }
  bool wants(const FileInfo& f) const override { return isJavaArchive(f.path); }
  void analyse(const FileInfo& f, std::string_view content, FileFindings& out) const override {
    int64_t budget = limits_.maxFileBytes;
    readArchive(f.path, content, 0, budget, out);
  }

 private:
  void readArchive(const std::string& where, std::string_view content, int depth, int64_t& budget,
                   FileFindings& out) const {
    std::unique_ptr<archive, decltype(&archive_read_free)> a(archive_read_new(), archive_read_free);
    archive_read_support_format_zip(a.get());
    if (archive_read_open_memory(a.get(), content.data(), content.size()) != ARCHIVE_OK) {
      out.problems.push_back(where + ": not a zip archive: " + archiveError(a.get()));
      return;
    }
    std::string manifest;
    bool sawPom = false;
    archive_entry* entry = nullptr;
    int rc;
    while ((rc = archive_read_next_header(a.get(), &entry)) == ARCHIVE_OK) {
      const char* raw = archive_entry_pathname(entry);
      std::string name = raw == nullptr ? "" : raw;
      bool pom = name.rfind("META-INF/maven/", 0) == 0 && baseName(name) == "pom.properties";
      bool isManifest = name == "META-INF/MANIFEST.MF";
      bool nested = isJavaArchive(name) && depth + 1 < limits_.maxNestedArchiveDepth;
      if (!pom && !isManifest && !nested) continue;
      std::string data;
      if (!readEntry(a.get(), data, budget)) {
        out.problems.push_back(where + "!/" + name +
                               ": archive content over the size limit, stopped");
        return;
      }
      if (pom) {
        auto props = parseProperties(data);
        if (!props["groupId"].empty() && !props["artifactId"].empty() &&
            !props["version"].empty()) {
          add(where, props["groupId"] + ":" + props["artifactId"], props["version"], out);
          sawPom = true;
        }
      } else if (isManifest) {
        manifest = std::move(data);
      } else {
        readArchive(where + "!/" + name, data, depth + 1, budget, out);
      }
    }
    if (rc != ARCHIVE_EOF) out.problems.push_back(where + ": " + archiveError(a.get()));
    if (!sawPom && !manifest.empty()) {
      std::vector<std::string> ignored;
      auto stanzas = parseStanzas(manifest, ignored, true);
      if (stanzas.empty()) return;
      std::string title = stanzas[0].get("Implementation-Title");
      std::string version = stanzas[0].get("Implementation-Version");
      if (title.empty()) title = stanzas[0].get("Bundle-SymbolicName");
      if (version.empty()) version = stanzas[0].get("Bundle-Version");
      title = title.substr(0, title.find(';'));
      if (!title.empty() && !version.empty()) add(where, title, version, out);
    }
  }

  static bool readEntry(archive* a, std::string& data, int64_t& budget) {
    char buffer[16384];
    la_ssize_t n;
    while ((n = archive_read_data(a, buffer, sizeof buffer)) > 0) {
      budget -= n;
      if (budget < 0) return false;
      data.append(buffer, static_cast<size_t>(n));
    }
    return n == 0;
  }

  static void add(const std::string& where, const std::string& name, const std::string& version,
                  FileFindings& out) {
    Package p;
    p.kind = "java";
    p.ecosystem = "Maven";
    p.name = name;
    p.version = version;
    p.path = where;
    out.packages.push_back(std::move(p));
  }

  ImageLimits limits_;
};

}  // namespace

std::unique_ptr<Analyser> makeJavaAnalyser(const ImageLimits& limits) {
  return std::make_unique<JavaAnalyser>(limits);
}

}  // namespace bulwark::image
