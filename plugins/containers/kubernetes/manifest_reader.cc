#include "kubernetes/manifest_reader.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace bulwark::containers::k8s {
namespace {

namespace fs = std::filesystem;
using sdk::Json;

struct Chunk {
  std::string text;
  size_t line = 1;  // first line of the document's text
};

std::string trimmed(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return {};
  return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}

bool isSeparator(const std::string& line) {
  return line.rfind("---", 0) == 0 &&
         (line.size() == 3 || line[3] == ' ' || line[3] == '\t' || line[3] == '\r');
}

// Splits on `---` lines (a `...` line ends a document), keeping where each document starts.
// The text after `--- ` on the separator line belongs to the next document.
std::vector<Chunk> splitDocuments(const std::string& text) {
  std::vector<Chunk> out(1);
  std::istringstream in(text);
  std::string line;
  size_t number = 0;
  bool ended = false;
  while (std::getline(in, line)) {
    ++number;
    if (isSeparator(line)) {
      if (number > 1 || !trimmed(out.back().text).empty()) out.push_back({});
      out.back().line = number;
      out.back().text = std::string(3, ' ') + line.substr(3) + "\n";
      ended = false;
      continue;
    }
    if (trimmed(line) == "...") {
      ended = true;
      continue;
    }
    if (ended) continue;
    if (out.back().text.empty()) out.back().line = number;
    out.back().text += line + "\n";
  }
  return out;
}

bool onlyComments(const std::string& text) {
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    std::string t = trimmed(line);
    if (!t.empty() && t[0] != '#') return false;
  }
  return true;
}

// The 1-based line (within `text`) of a `{{` outside comments, or 0.
size_t templateLine(const std::string& text) {
  std::istringstream in(text);
  std::string line;
  size_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    std::string t = trimmed(line);
    if (!t.empty() && t[0] != '#' && line.find("{{") != std::string::npos) return number;
  }
  return 0;
}

Json toJson(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      return nullptr;
    case YAML::NodeType::Sequence: {
      Json arr = Json::array();
      for (const auto& item : node)
        arr.push_back(toJson(item));
      return arr;
    }
    case YAML::NodeType::Map: {
      Json obj = Json::object();
      for (const auto& kv : node)
        obj[kv.first.as<std::string>()] = toJson(kv.second);
      return obj;
    }
    case YAML::NodeType::Scalar:
      break;
  }
  const std::string& text = node.Scalar();
  if (node.Tag() == "!") return text;  // quoted
  bool b = false;
  if (YAML::convert<bool>::decode(node, b)) return b;
  long long i = 0;
  if (YAML::convert<long long>::decode(node, i)) return i;
  double d = 0;
  if (YAML::convert<double>::decode(node, d)) return d;
  return text;
}

void addObject(Json doc, const std::string& file, size_t document, size_t line, ManifestRead& out) {
  if (!doc.is_object()) {
    out.notes.push_back({file, document, line,
                         std::string("not a Kubernetes object (a YAML ") +
                             (doc.is_array() ? "list" : "scalar") + "); skipped"});
    return;
  }
  std::string kind = sdk::textAt(doc, "kind");
  if (kind.size() >= 4 && kind.substr(kind.size() - 4) == "List" && doc.contains("items")) {
    const Json& items = doc["items"];
    if (!items.is_array()) {
      out.notes.push_back({file, document, line, kind + " whose items are not a list; skipped"});
      return;
    }
    for (size_t i = 0; i < items.size(); ++i) {
      if (!items[i].is_object() || sdk::textAt(items[i], "kind").empty()) {
        out.notes.push_back({file, document, line,
                             "item " + std::to_string(i) + " of the " + kind +
                                 " is not an object with a kind; skipped"});
        continue;
      }
      out.objects.push_back({items[i], file, document, line, static_cast<long>(i)});
    }
    return;
  }
  if (kind.empty()) {
    out.notes.push_back({file, document, line, "document has no kind; skipped"});
    return;
  }
  out.objects.push_back({std::move(doc), file, document, line});
}

}  // namespace

std::string ManifestNote::text() const {
  std::string out = file;
  if (line > 0) out += ":" + std::to_string(line);
  if (document > 0) out += " (document " + std::to_string(document) + ")";
  return out + ": " + message;
}

void readManifestText(const std::string& file, const std::string& text, ManifestRead& out) {
  std::string start = trimmed(text.substr(0, std::min<size_t>(text.size(), 64)));
  if (!start.empty() && start[0] == '{') {
    try {
      addObject(Json::parse(text), file, 1, 1, out);
    } catch (const Json::parse_error& e) {
      size_t end = std::min<size_t>(e.byte, text.size());
      size_t line = 1 + static_cast<size_t>(std::count(text.begin(), text.begin() + end, '\n'));
      out.notes.push_back(
          {file, 1, line, "not valid JSON at byte " + std::to_string(e.byte) + ": " + e.what()});
    }
    return;
  }
  std::vector<Chunk> chunks = splitDocuments(text);
  // Comments before a leading `---`, or after a trailing one, are no document of their own.
  if (chunks.size() > 1 && onlyComments(chunks.back().text)) chunks.pop_back();
  if (chunks.size() > 1 && onlyComments(chunks.front().text)) chunks.erase(chunks.begin());
  for (size_t i = 0; i < chunks.size(); ++i) {
    const Chunk& c = chunks[i];
    size_t document = i + 1;
    if (onlyComments(c.text)) {
      out.notes.push_back({file, document, c.line, "empty document; skipped"});
      continue;
    }
    if (size_t at = templateLine(c.text); at > 0) {
      out.notes.push_back({file, document, c.line + at - 1,
                           "unrendered Helm template ({{ ... }}); render it with `helm "
                           "template` first; document skipped"});
      continue;
    }
    try {
      addObject(toJson(YAML::Load(c.text)), file, document, c.line, out);
    } catch (const YAML::Exception& e) {
      size_t line = e.mark.is_null() ? c.line : c.line + static_cast<size_t>(e.mark.line);
      out.notes.push_back({file, document, line, "not valid YAML: " + e.msg});
    }
  }
}

void readManifestPath(const std::string& path, ManifestRead& out) {
  std::error_code ec;
  fs::path p(path);
  if (fs::is_directory(p, ec)) {
    std::vector<fs::path> files;
    for (auto it = fs::recursive_directory_iterator(p, ec); !ec && it != fs::end(it);
         it.increment(ec)) {
      std::string ext = it->path().extension().string();
      if (it->is_regular_file(ec) && (ext == ".yaml" || ext == ".yml" || ext == ".json"))
        files.push_back(it->path());
    }
    if (ec) out.notes.push_back({path, 0, 0, "cannot list the folder: " + ec.message()});
    std::sort(files.begin(), files.end());
    for (const auto& f : files)
      readManifestPath(f.string(), out);
    return;
  }
  std::ifstream in(p, std::ios::binary);
  if (!in) {
    out.notes.push_back({path, 0, 0, "cannot read the file (missing or not readable)"});
    return;
  }
  std::ostringstream text;
  text << in.rdbuf();
  readManifestText(path, text.str(), out);
}

}  // namespace bulwark::containers::k8s
