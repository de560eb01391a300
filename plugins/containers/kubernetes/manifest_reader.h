// Reads Kubernetes manifests: YAML files of one or more documents (`---`), Helm-rendered
// output, JSON (`kubectl get -o json`), and `kind: List` documents, whose items are objects of
// their own. Bad input never stops the reading: each problem becomes a note naming the file,
// the document and the line, and the other documents are still read.
#pragma once

#include <bulwark/plugin.hpp>

#include <string>
#include <vector>

namespace bulwark::containers::k8s {

struct ManifestObject {
  sdk::Json doc;     // the object as JSON
  std::string file;  // the file it was read from
  size_t document;   // 1-based document index in the file
  size_t line;       // 1-based line where the document starts
  long item = -1;    // index in a List's items, or -1
};

struct ManifestNote {
  std::string file;
  size_t document = 0;  // 0: the whole file
  size_t line = 0;      // 0: unknown
  std::string message;
  bool problem = true;  // false for things skipped on purpose (an unknown kind)

  std::string text() const;  // "FILE:LINE (document N): MESSAGE"
};

struct ManifestRead {
  std::vector<ManifestObject> objects;
  std::vector<ManifestNote> notes;
};

// Reads `path`: a file (whatever its name) or a folder (its .yaml, .yml and .json files,
// recursively, in name order). Objects of every kind are returned; callers pick the kinds.
void readManifestPath(const std::string& path, ManifestRead& out);

// Reads one file's text (exposed for tests of the splitting and the notes).
void readManifestText(const std::string& file, const std::string& text, ManifestRead& out);

}  // namespace bulwark::containers::k8s
