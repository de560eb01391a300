#include "compliance/standard.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "scope/resource_id.h"

namespace bulwark::compliance {
namespace fs = std::filesystem;

namespace {

SourcePosition positionOf(const std::string& file, const YAML::Mark& mark) {
  return {file, mark.line + 1, mark.column + 1};
}

std::string scalar(const YAML::Node& node, const char* key, const std::string& file,
                   bool required) {
  YAML::Node v = node[key];
  if (!v) {
    if (required) throw ConfigError(positionOf(file, node.Mark()), std::string("missing ") + key);
    return {};
  }
  if (!v.IsScalar()) {
    throw ConfigError(positionOf(file, v.Mark()), std::string(key) + " must be a string");
  }
  return v.Scalar();
}

std::vector<std::string> scalarList(const YAML::Node& node, const char* key,
                                    const std::string& file) {
  std::vector<std::string> out;
  YAML::Node v = node[key];
  if (!v || v.IsNull()) return out;
  if (!v.IsSequence()) {
    throw ConfigError(positionOf(file, v.Mark()), std::string(key) + " must be a list");
  }
  for (const auto& item : v) {
    if (!item.IsScalar()) {
      throw ConfigError(positionOf(file, item.Mark()),
                        std::string("every entry of ") + key + " must be a string");
    }
    out.push_back(item.Scalar());
  }
  return out;
}

Control parseControl(const YAML::Node& node, const std::string& file) {
  if (!node.IsMap()) {
    throw ConfigError(positionOf(file, node.Mark()), "a control must be a mapping with an id");
  }
  Control c;
  c.position = positionOf(file, node.Mark());
  c.id = scalar(node, "id", file, true);
  c.title = scalar(node, "title", file, false);
  for (const auto& d : scalarList(node, "policyDefinitionIds", file)) {
    c.policyDefinitionIds.push_back(definitionKey(d));
  }
  c.assessments = scalarList(node, "assessments", file);
  return c;
}

}  // namespace

std::string definitionKey(const std::string& policyDefinitionId) {
  size_t slash = policyDefinitionId.find_last_of('/');
  return toLowerAscii(slash == std::string::npos ? policyDefinitionId
                                                 : policyDefinitionId.substr(slash + 1));
}

bool Standard::evidences(const Control& c, const AssessmentInfo& a) const {
  if (!a.policyDefinitionId.empty()) {
    const std::string key = definitionKey(a.policyDefinitionId);
    if (std::find(c.policyDefinitionIds.begin(), c.policyDefinitionIds.end(), key) !=
        c.policyDefinitionIds.end()) {
      return true;
    }
  }
  if (std::find(c.assessments.begin(), c.assessments.end(), a.id) != c.assessments.end()) {
    return true;
  }
  for (const auto& ref : a.compliance) {
    if (ref.control != c.id) continue;
    for (const auto& name : references) {
      if (equalsIgnoreCase(name, ref.standard)) return true;
    }
  }
  return false;
}

Standard loadStandard(const std::string& path) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::BadFile&) {
    throw ConfigError({path, 0, 0}, "cannot read compliance standard");
  } catch (const YAML::Exception& e) {
    throw ConfigError(positionOf(path, e.mark), e.msg);
  }
  if (!root.IsMap()) {
    throw ConfigError(positionOf(path, root.Mark()),
                      "a compliance standard must be a mapping with id, name and controls");
  }
  Standard s;
  s.file = path;
  try {
    s.id = scalar(root, "id", path, true);
    s.name = scalar(root, "name", path, true);
    s.source = scalar(root, "source", path, false);
    s.references = scalarList(root, "references", path);
    if (YAML::Node v = root["controlsFromReferences"]) {
      if (!v.IsScalar() || (v.Scalar() != "true" && v.Scalar() != "false")) {
        throw ConfigError(positionOf(path, v.Mark()), "controlsFromReferences must be true/false");
      }
      s.controlsFromReferences = v.Scalar() == "true";
    }
    YAML::Node controls = root["controls"];
    if (controls && !controls.IsNull()) {
      if (!controls.IsSequence()) {
        throw ConfigError(positionOf(path, controls.Mark()), "controls must be a list");
      }
      std::set<std::string> seen;
      for (const auto& node : controls) {
        Control c = parseControl(node, path);
        if (!seen.insert(c.id).second) {
          throw ConfigError(c.position, "duplicate control id '" + c.id + "'");
        }
        s.controls.push_back(std::move(c));
      }
    }
  } catch (const YAML::Exception& e) {
    throw ConfigError(positionOf(path, e.mark), e.msg);
  }
  if (s.controls.empty() && !s.controlsFromReferences) {
    throw ConfigError({path, 0, 0}, "the standard lists no controls");
  }
  return s;
}

std::vector<Standard> loadStandards(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    throw ConfigError({dir, 0, 0}, "no compliance standards folder");
  }
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    auto ext = entry.path().extension();
    if (entry.is_regular_file() && (ext == ".yaml" || ext == ".yml")) files.push_back(entry);
  }
  std::vector<Standard> out;
  std::set<std::string> ids;
  for (const auto& f : files) {
    Standard s = loadStandard(f.string());
    if (!ids.insert(toLowerAscii(s.id)).second) {
      throw ConfigError({f.string(), 0, 0}, "standard id '" + s.id + "' is used twice");
    }
    out.push_back(std::move(s));
  }
  std::sort(out.begin(), out.end(),
            [](const Standard& a, const Standard& b) { return a.id < b.id; });
  return out;
}

}  // namespace bulwark::compliance
