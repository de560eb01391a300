// Reads ARM resource documents from files or folders (recursively): Azure Resource Graph
// output ({"data":[...]}, object or table form), list responses ({"value":[...]}), single GET
// bodies, REST API example files ({"responses":{"200":{"body":...}}}), plain arrays and JSON
// Lines. A broken file is reported with its byte offset and the other files still load.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace bulwark {

struct SnapshotDocument {
  nlohmann::json doc;
  std::string file;
  std::string pointer;  // JSON pointer (or "line N") of the document inside its file
};

struct SnapshotProblem {
  std::string file;
  std::string place;  // "byte 812 (line 30, column 4)", "/value/3", "line 7"
  std::string message;
  std::string str() const { return file + ": " + place + ": " + message; }
};

struct SnapshotLoad {
  std::vector<SnapshotDocument> documents;
  std::vector<SnapshotProblem> problems;
  size_t filesRead = 0;
};

// Reads a file or a folder tree (*.json, *.jsonl, *.ndjson) into `into`.
void readArmSnapshot(const std::string& path, SnapshotLoad& into);

// Reads one file's text (exposed for tests and for sources other than files).
void readArmSnapshotText(const std::string& text, const std::string& file, bool jsonLines,
                         SnapshotLoad& into);

}  // namespace bulwark
