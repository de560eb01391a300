#include "inventory/arm_snapshot.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "scope/resource_id.h"

namespace bulwark {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

std::string placeOfByte(const std::string& text, size_t byte) {
  size_t line = 1, column = 1;
  for (size_t i = 0; i < byte && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return "byte " + std::to_string(byte) + " (line " + std::to_string(line) + ", column " +
         std::to_string(column) + ")";
}

// nlohmann's messages start with "[json.exception.parse_error.101] parse error at line 1,
// column 2: "; the position is reported separately, so keep only the explanation.
std::string parseErrorText(const json::parse_error& e) {
  std::string what = e.what();
  size_t colon = what.find(": ");
  return colon == std::string::npos ? what : what.substr(colon + 2);
}

bool isTruthyString(const json& v) {
  return v.is_string() && !v.get<std::string>().empty();
}

class Extractor {
 public:
  Extractor(const std::string& file, SnapshotLoad& into) : file_(file), into_(into) {}

  void extract(const json& value, const std::string& pointer, bool topLevel) {
    if (value.is_array()) {
      for (size_t i = 0; i < value.size(); ++i) {
        addResource(value[i], pointer + "/" + std::to_string(i));
      }
      return;
    }
    if (!value.is_object()) {
      problem(pointer.empty() ? "/" : pointer,
              std::string("expected an ARM document, found ") + value.type_name());
      return;
    }
    if (isResource(value)) {
      addResource(value, pointer);
      return;
    }
    if (auto data = value.find("data"); data != value.end()) {
      if (data->is_object() && data->contains("columns") && data->contains("rows")) {
        extractTable(*data, pointer + "/data");
      } else {
        extract(*data, pointer + "/data", false);
      }
      return;
    }
    if (auto list = value.find("value"); list != value.end() && list->is_array()) {
      extract(*list, pointer + "/value", false);
      return;
    }
    if (auto responses = value.find("responses"); responses != value.end()) {
      extractResponses(*responses, pointer + "/responses");
      return;
    }
    if (!topLevel) {
      addResource(value, pointer);
      return;
    }
    problem(pointer.empty() ? "/" : pointer,
            "no ARM resources found (expected an object with id and type, or \"data\", "
            "\"value\" or \"responses\")");
  }

 private:
  static bool isResource(const json& v) {
    return v.is_object() && v.contains("id") && v.contains("type") && isTruthyString(v["id"]);
  }

  // Resource Graph's table format: {"columns":[{"name":..}], "rows":[[...]]}.
  void extractTable(const json& table, const std::string& pointer) {
    const json& columns = table["columns"];
    const json& rows = table["rows"];
    if (!columns.is_array() || !rows.is_array()) {
      problem(pointer, "table result needs \"columns\" and \"rows\" arrays");
      return;
    }
    for (size_t r = 0; r < rows.size(); ++r) {
      json doc = json::object();
      for (size_t c = 0; c < columns.size() && rows[r].is_array() && c < rows[r].size(); ++c) {
        if (columns[c].is_object() && columns[c].contains("name")) {
          doc[columns[c]["name"].get<std::string>()] = rows[r][c];
        }
      }
      addResource(doc, pointer + "/rows/" + std::to_string(r));
    }
  }

  void extractResponses(const json& responses, const std::string& pointer) {
    for (const char* code : {"200", "201", "202"}) {
      auto it = responses.find(code);
      if (it == responses.end()) continue;
      auto body = it->find("body");
      if (body == it->end()) continue;
      extract(*body, pointer + "/" + code + "/body", true);
      return;
    }
    problem(pointer, "REST example has no 200/201/202 response with a body");
  }

  void addResource(const json& doc, const std::string& pointer) {
    if (!doc.is_object()) {
      problem(pointer, std::string("expected a resource object, found ") + doc.type_name());
      return;
    }
    auto id = doc.find("id");
    if (id == doc.end() || !id->is_string()) {
      problem(pointer, "resource has no \"id\"");
      return;
    }
    auto parsed = ResourceId::parse(id->get<std::string>());
    if (!parsed || parsed->type().empty()) {
      problem(pointer, "\"" + id->get<std::string>() + "\" is not an ARM resource id");
      return;
    }
    auto type = doc.find("type");
    if (type == doc.end() || !type->is_string()) {
      problem(pointer, "resource " + id->get<std::string>() + " has no \"type\"");
      return;
    }
    into_.documents.push_back({doc, file_, pointer.empty() ? "/" : pointer});
  }

  void problem(const std::string& place, const std::string& message) {
    into_.problems.push_back({file_, place, message});
  }

  const std::string& file_;
  SnapshotLoad& into_;
};

bool hasJsonLinesExtension(const fs::path& p) {
  std::string ext = toLowerAscii(p.extension().string());
  return ext == ".jsonl" || ext == ".ndjson";
}

bool isSnapshotFile(const fs::path& p) {
  return hasJsonLinesExtension(p) || toLowerAscii(p.extension().string()) == ".json";
}

void readJsonLines(const std::string& text, const std::string& file, SnapshotLoad& into) {
  Extractor ex(file, into);
  size_t lineNo = 0, pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    ++lineNo;
    std::string_view line(text.data() + pos, end - pos);
    size_t lineStart = pos;
    pos = end + 1;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    try {
      ex.extract(json::parse(line), "line " + std::to_string(lineNo), true);
    } catch (const json::parse_error& e) {
      into.problems.push_back({file,
                               "line " + std::to_string(lineNo) + ", " +
                                   placeOfByte(text, lineStart + (e.byte > 0 ? e.byte - 1 : 0)),
                               "invalid JSON: " + parseErrorText(e)});
    }
  }
}

}  // namespace

void readArmSnapshotText(const std::string& text, const std::string& file, bool jsonLines,
                         SnapshotLoad& into) {
  into.filesRead++;
  if (jsonLines) {
    readJsonLines(text, file, into);
    return;
  }
  try {
    Extractor(file, into).extract(json::parse(text), "", true);
  } catch (const json::parse_error& e) {
    // A .json file holding one document per line is JSON Lines with the wrong extension.
    size_t firstNewline = text.find('\n');
    if (e.byte > firstNewline + 1 && firstNewline != std::string::npos &&
        json::accept(std::string_view(text.data(), firstNewline))) {
      into.filesRead--;
      readArmSnapshotText(text, file, true, into);
      return;
    }
    size_t byte = e.byte > 0 ? e.byte - 1 : 0;
    into.problems.push_back({file, placeOfByte(text, byte), "invalid JSON: " + parseErrorText(e)});
  }
}

void readArmSnapshot(const std::string& path, SnapshotLoad& into) {
  std::error_code ec;
  fs::path root(path);
  std::vector<fs::path> files;
  if (fs::is_directory(root, ec)) {
    for (auto it = fs::recursive_directory_iterator(
             root, fs::directory_options::skip_permission_denied, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (it->is_regular_file(ec) && isSnapshotFile(it->path())) files.push_back(it->path());
    }
    if (ec) into.problems.push_back({path, "folder", "cannot list: " + ec.message()});
    std::sort(files.begin(), files.end());
  } else if (fs::exists(root, ec)) {
    files.push_back(root);
  } else {
    into.problems.push_back({path, "path", "no such file or folder"});
    return;
  }
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    if (!in) {
      into.problems.push_back({f.string(), "file", "cannot open"});
      continue;
    }
    std::ostringstream buffer;
    buffer << in.rdbuf();
    readArmSnapshotText(buffer.str(), f.string(), hasJsonLinesExtension(f), into);
  }
}

}  // namespace bulwark
