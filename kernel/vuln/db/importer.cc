#include "vuln/db/importer.h"

#include <archive.h>
#include <archive_entry.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "util/text.h"
#include "util/time.h"
#include "vuln/db/feeds.h"

namespace bulwark::vuln {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// YAML scalars stay strings: "1.10" must not become the number 1.1. Aliases can make a small
// document expand exponentially ("billion laughs"), so the node count is capped.
constexpr size_t kMaxYamlNodes = 1'000'000;

json yamlToJson(const YAML::Node& node, size_t& budget) {
  if (budget == 0)
    throw RecordError("", "YAML document expands to more than a million nodes; refused");
  --budget;
  switch (node.Type()) {
    case YAML::NodeType::Map: {
      json out = json::object();
      for (const auto& kv : node)
        out[kv.first.as<std::string>()] = yamlToJson(kv.second, budget);
      return out;
    }
    case YAML::NodeType::Sequence: {
      json out = json::array();
      for (const auto& item : node)
        out.push_back(yamlToJson(item, budget));
      return out;
    }
    case YAML::NodeType::Scalar:
      return node.as<std::string>();
    default:
      return nullptr;
  }
}

bool hasExtension(const std::string& name, std::initializer_list<const char*> exts) {
  std::string lower = toLowerAscii(name);
  for (const char* ext : exts) {
    std::string e = ext;
    if (lower.size() >= e.size() && lower.compare(lower.size() - e.size(), e.size(), e) == 0)
      return true;
  }
  return false;
}

class SourceImport {
 public:
  SourceImport(VulnDb& db, ImportSummary& summary) : db_(db), summary_(summary) {}

  void document(const std::string& file, const std::string& text) {
    ++summary_.files;
    json doc;
    try {
      if (hasExtension(file, {".yaml", ".yml"})) {
        size_t budget = kMaxYamlNodes;
        doc = yamlToJson(YAML::Load(text), budget);
      } else {
        doc = json::parse(text);
      }
    } catch (const json::parse_error& e) {
      problem({file, "byte " + std::to_string(e.byte), "invalid JSON: " + trimJsonMessage(e)});
      return;
    } catch (const RecordError& e) {
      problem({file, e.place(), e.what()});
      return;
    } catch (const YAML::Exception& e) {
      problem({file,
               "line " + std::to_string(e.mark.line + 1) + ", column " +
                   std::to_string(e.mark.column + 1),
               "invalid YAML: " + e.msg});
      return;
    }
    FeedKind kind = detectFeed(doc);
    if (kind == FeedKind::Unknown) {
      ++summary_.ignoredFiles;
      return;
    }
    kinds_.insert(feedSourceName(kind, doc));
    std::vector<Advisory> advisories;
    std::vector<ImportProblem> problems;
    try {
      switch (kind) {
        case FeedKind::Osv:
          advisories.push_back(parseOsvRecord(doc));
          break;
        case FeedKind::DebianTrackerRecord:
          advisories = parseDebianTrackerRecord(doc);
          break;
        case FeedKind::DebianTrackerJson:
          advisories = parseDebianTrackerJson(doc, problems, file);
          break;
        case FeedKind::Secdb:
          advisories = parseSecdb(doc, problems, file);
          break;
        case FeedKind::Unknown:
          break;
      }
    } catch (const RecordError& e) {
      problem({file, e.place(), e.what()});
      return;
    } catch (const json::exception& e) {
      problem({file, "", e.what()});
      return;
    }
    for (auto& p : problems)
      problem(std::move(p));
    for (const auto& a : advisories)
      db_.putAdvisory(a, kind == FeedKind::Osv);
    records_ += static_cast<int64_t>(advisories.size());
    summary_.records += static_cast<int64_t>(advisories.size());
  }

  void zip(const std::string& file) {
    struct archive* ar = archive_read_new();
    archive_read_support_format_zip(ar);
    if (archive_read_open_filename(ar, file.c_str(), 1 << 16) != ARCHIVE_OK) {
      problem({file, "", std::string("cannot read zip: ") + archive_error_string(ar)});
      archive_read_free(ar);
      return;
    }
    struct archive_entry* entry = nullptr;
    while (true) {
      int rc = archive_read_next_header(ar, &entry);
      if (rc == ARCHIVE_EOF) break;
      if (rc != ARCHIVE_OK && rc != ARCHIVE_WARN) {
        problem({file, "", std::string("broken zip: ") + archive_error_string(ar)});
        break;
      }
      std::string name = archive_entry_pathname(entry) ? archive_entry_pathname(entry) : "";
      std::string where = file + "!" + name;
      if (archive_entry_filetype(entry) != AE_IFREG ||
          !hasExtension(name, {".json", ".yaml", ".yml"}))
        continue;
      if (archive_entry_size_is_set(entry) && archive_entry_size(entry) > kMaxRecordBytes) {
        problem({where, "", "entry larger than 64 MiB refused"});
        continue;
      }
      std::string text;
      char buf[1 << 16];
      la_ssize_t n = 0;
      bool failed = false;
      while ((n = archive_read_data(ar, buf, sizeof buf)) > 0) {
        text.append(buf, static_cast<size_t>(n));
        if (static_cast<int64_t>(text.size()) > kMaxRecordBytes) {
          problem(
              {where, "byte " + std::to_string(text.size()), "entry larger than 64 MiB refused"});
          failed = true;
          break;
        }
      }
      if (n < 0) {
        problem({where, "byte " + std::to_string(text.size()),
                 std::string("cannot decompress: ") + archive_error_string(ar)});
        failed = true;
      }
      if (!failed) document(where, text);
    }
    archive_read_free(ar);
  }

  void file(const fs::path& path) {
    std::string name = path.string();
    if (hasExtension(name, {".zip"})) {
      zip(name);
      return;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      problem({name, "", "cannot read"});
      return;
    }
    std::ostringstream text;
    text << in.rdbuf();
    document(name, text.str());
  }

  std::string kind() const {
    std::string out;
    for (const auto& k : kinds_)
      out += (out.empty() ? "" : "+") + k;
    return out.empty() ? "none" : out;
  }
  int64_t records() const { return records_; }
  int64_t problems() const { return problems_; }

 private:
  static std::string trimJsonMessage(const json::parse_error& e) {
    std::string m = e.what();
    size_t colon = m.find(": ", m.find("parse error"));
    return colon == std::string::npos ? m : m.substr(colon + 2);
  }
  void problem(ImportProblem p) {
    ++problems_;
    summary_.problems.push_back(std::move(p));
  }

  VulnDb& db_;
  ImportSummary& summary_;
  std::set<std::string> kinds_;
  int64_t records_ = 0;
  int64_t problems_ = 0;
};

std::vector<fs::path> filesUnder(const fs::path& root) {
  std::vector<fs::path> files;
  for (auto it =
           fs::recursive_directory_iterator(root, fs::directory_options::skip_permission_denied);
       it != fs::recursive_directory_iterator(); ++it) {
    if (it->is_regular_file() &&
        hasExtension(it->path().string(), {".json", ".yaml", ".yml", ".zip"}))
      files.push_back(it->path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

ImportSummary importSources(VulnDb& db, const std::vector<std::string>& paths) {
  ImportSummary summary;
  auto start = std::chrono::steady_clock::now();
  for (const auto& path : paths) {
    std::error_code ec;
    fs::path p = fs::absolute(path, ec).lexically_normal();
    if (!fs::exists(p, ec)) {
      summary.problems.push_back({path, "", "no such file or folder"});
      continue;
    }
    SourceImport source(db, summary);
    db.begin();
    try {
      if (fs::is_directory(p, ec)) {
        for (const auto& f : filesUnder(p))
          source.file(f);
      } else {
        source.file(p);
      }
      db.recordSource(
          {p.string(), source.kind(), utcNowIso8601(), source.records(), source.problems()});
      db.commit();
    } catch (...) {
      db.rollback();
      throw;
    }
  }
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return summary;
}

}  // namespace bulwark::vuln
