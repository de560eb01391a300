#include "config/config.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>

#include "util/suggest.h"

namespace bulwark {
namespace fs = std::filesystem;

std::string SourcePosition::str() const {
  if (line <= 0) return file;
  return file + ":" + std::to_string(line) + ":" + std::to_string(column);
}

const PluginConfig* Config::plugin(const std::string& id) const {
  for (const auto& p : plugins) {
    if (p.id == id) return &p;
  }
  return nullptr;
}

bool Config::enabled(const std::string& id) const {
  const PluginConfig* p = plugin(id);
  return p != nullptr && p->enabled;
}

bool isReportFormat(const std::string& s) {
  return s == "table" || s == "json" || s == "csv" || s == "sarif" || s == "ocsf" || s == "html";
}

bool isOutputFormat(const std::string& s) {
  return s == "table" || s == "json";
}

bool isFailOnLevel(const std::string& s) {
  return s == "none" || s == "low" || s == "medium" || s == "high";
}

namespace {

class Reader {
 public:
  Reader(std::string file, fs::path base) : file_(std::move(file)), base_(std::move(base)) {}

  SourcePosition at(const YAML::Node& node) const {
    YAML::Mark m = node.Mark();
    if (m.is_null()) return {file_, 0, 0};
    return {file_, m.line + 1, m.column + 1};
  }
  SourcePosition at(const YAML::Mark& m) const { return {file_, m.line + 1, m.column + 1}; }

  [[noreturn]] void fail(const YAML::Node& node, const std::string& message) const {
    throw ConfigError(at(node), message);
  }

  void expectMap(const YAML::Node& node, const std::string& what) const {
    if (!node.IsMap()) fail(node, what + " must be a mapping");
  }

  // Rejects keys outside `known`, suggesting the closest known key.
  void checkKeys(const YAML::Node& map, const std::vector<std::string>& known,
                 const std::string& where) const {
    for (const auto& kv : map) {
      std::string key = kv.first.as<std::string>();
      if (std::find(known.begin(), known.end(), key) != known.end()) continue;
      std::string message = "unknown key '" + key + "' in " + where;
      std::string hint = closestMatch(key, known);
      message +=
          hint.empty() ? " (known keys: " + join(known) + ")" : "; did you mean '" + hint + "'?";
      throw ConfigError(at(kv.first), message);
    }
  }

  std::string scalar(const YAML::Node& node, const std::string& what) const {
    if (!node.IsScalar()) fail(node, what + " must be a text value");
    return node.as<std::string>();
  }

  bool boolean(const YAML::Node& node, const std::string& what) const {
    if (node.IsScalar()) {
      bool value = false;
      if (YAML::convert<bool>::decode(node, value)) return value;
    }
    fail(node, what + " must be true or false");
  }

  std::string path(const YAML::Node& node, const std::string& what) const {
    std::string p = scalar(node, what);
    if (p.empty()) fail(node, what + " must not be empty");
    fs::path resolved = fs::path(p).is_absolute() ? fs::path(p) : base_ / p;
    return resolved.lexically_normal().string();
  }

  std::vector<std::string> stringList(const YAML::Node& node, const std::string& what) const {
    std::vector<std::string> out;
    if (node.IsNull()) return out;
    if (!node.IsSequence()) fail(node, what + " must be a list");
    for (const auto& item : node)
      out.push_back(scalar(item, what + " entry"));
    return out;
  }

  // Plain YAML scalars become JSON booleans and numbers per the YAML core schema; quoted
  // ones stay text.
  // Records the position of `node` and of everything under it, by JSON pointer.
  void recordPositions(const YAML::Node& node, const std::string& pointer,
                       std::map<std::string, SourcePosition>& out) const {
    out[pointer] = at(node);
    if (node.IsSequence()) {
      for (size_t i = 0; i < node.size(); ++i)
        recordPositions(node[i], pointer + "/" + std::to_string(i), out);
    } else if (node.IsMap()) {
      for (const auto& kv : node) {
        std::string key = kv.first.as<std::string>();
        std::string escaped;
        for (char c : key)
          escaped += c == '~'   ? std::string("~0")
                     : c == '/' ? std::string("~1")
                                : std::string(1, c);
        recordPositions(kv.second, pointer + "/" + escaped, out);
        // A key's own position is the better place to point at for "unknown setting" errors.
        out[pointer + "/" + escaped + "#key"] = at(kv.first);
      }
    }
  }

  nlohmann::json toJson(const YAML::Node& node) const {
    switch (node.Type()) {
      case YAML::NodeType::Null:
      case YAML::NodeType::Undefined:
        return nullptr;
      case YAML::NodeType::Sequence: {
        nlohmann::json arr = nlohmann::json::array();
        for (const auto& item : node)
          arr.push_back(toJson(item));
        return arr;
      }
      case YAML::NodeType::Map: {
        nlohmann::json obj = nlohmann::json::object();
        for (const auto& kv : node)
          obj[kv.first.as<std::string>()] = toJson(kv.second);
        return obj;
      }
      case YAML::NodeType::Scalar:
        break;
    }
    const std::string text = node.Scalar();
    if (node.Tag() == "!") return text;
    bool b = false;
    if (YAML::convert<bool>::decode(node, b)) return b;
    long long i = 0;
    if (YAML::convert<long long>::decode(node, i)) return i;
    double d = 0;
    if (YAML::convert<double>::decode(node, d)) return d;
    return text;
  }

  static std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& s : items)
      out += (out.empty() ? "" : ", ") + s;
    return out;
  }

  const std::string& file() const { return file_; }

 private:
  std::string file_;
  fs::path base_;
};

void readPlugins(const Reader& r, const YAML::Node& node, Config& config) {
  r.expectMap(node, "'plugins'");
  for (const auto& kv : node) {
    PluginConfig pc;
    pc.id = kv.first.as<std::string>();
    pc.position = r.at(kv.first);
    const YAML::Node& body = kv.second;
    if (body.IsNull()) {
      config.plugins.push_back(pc);
      continue;
    }
    r.expectMap(body, "plugin '" + pc.id + "'");
    r.checkKeys(body, {"enabled", "settings"}, "plugin '" + pc.id + "'");
    if (body["enabled"]) pc.enabled = r.boolean(body["enabled"], "'enabled'");
    if (body["settings"] && !body["settings"].IsNull()) {
      r.expectMap(body["settings"], "'settings' of plugin '" + pc.id + "'");
      pc.settings = r.toJson(body["settings"]);
      r.recordPositions(body["settings"], "", pc.settingPositions);
    }
    config.plugins.push_back(std::move(pc));
  }
}

void readInventory(const Reader& r, const YAML::Node& node, Config& config) {
  if (!node.IsSequence()) r.fail(node, "'inventory' must be a list of sources");
  for (const auto& item : node) {
    r.expectMap(item, "an inventory source");
    r.checkKeys(item, {"type", "path"}, "an inventory source");
    if (!item["type"]) r.fail(item, "inventory source needs 'type' (arm-snapshot)");
    if (!item["path"]) r.fail(item, "inventory source needs 'path'");
    InventorySource src;
    src.type = r.scalar(item["type"], "'type'");
    if (src.type != "arm-snapshot") {
      r.fail(item["type"], "unknown inventory type '" + src.type + "' (known: arm-snapshot)");
    }
    src.path = r.path(item["path"], "'path'");
    src.position = r.at(item);
    config.inventory.push_back(std::move(src));
  }
}

void readOutput(const Reader& r, const YAML::Node& node, Config& config) {
  r.expectMap(node, "'output'");
  r.checkKeys(node, {"format", "file"}, "'output'");
  if (node["format"]) {
    config.outputFormat = r.scalar(node["format"], "'format'");
    if (!isReportFormat(config.outputFormat)) {
      r.fail(node["format"], "output format must be table, json, csv, sarif, ocsf or html");
    }
  }
  if (node["file"] && !node["file"].IsNull() && !node["file"].as<std::string>().empty()) {
    config.outputFile = r.path(node["file"], "'file'");
  }
}

void readScan(const Reader& r, const YAML::Node& node, Config& config) {
  r.expectMap(node, "'scan'");
  r.checkKeys(node, {"scopes", "fail_on"}, "'scan'");
  if (node["scopes"]) config.scopes = r.stringList(node["scopes"], "'scopes'");
  if (node["fail_on"]) {
    config.failOn = r.scalar(node["fail_on"], "'fail_on'");
    if (!isFailOnLevel(config.failOn)) {
      r.fail(node["fail_on"], "fail_on must be one of none, low, medium, high");
    }
  }
}

}  // namespace

Config loadConfig(const std::string& path) {
  fs::path abs = fs::absolute(path).lexically_normal();
  std::ifstream in(abs);
  if (!in) throw ConfigError({path, 0, 0}, "cannot open configuration file");
  Reader r(path, abs.parent_path());
  YAML::Node loaded;
  try {
    loaded = YAML::Load(in);
  } catch (const YAML::ParserException& e) {
    throw ConfigError(r.at(e.mark), "invalid YAML: " + e.msg);
  }
  const YAML::Node& root = loaded;  // const: lookups of absent keys must not insert them
  Config config;
  config.file = abs.string();
  config.storePath = (abs.parent_path() / "bulwark.db").string();
  if (root.IsNull()) throw ConfigError({path, 0, 0}, "configuration file is empty");
  r.expectMap(root, "the configuration");
  try {
    r.checkKeys(root,
                {"version", "plugin_dirs", "plugins", "inventory", "store", "output", "scan",
                 "security_policy", "vulndb"},
                "the configuration");
    if (root["security_policy"] && !root["security_policy"].IsNull()) {
      config.securityPolicyFile = r.path(root["security_policy"], "'security_policy'");
    }
    if (root["version"] && r.scalar(root["version"], "'version'") != "1") {
      r.fail(root["version"], "unsupported configuration version (this bulwark reads 1)");
    }
    if (root["plugin_dirs"]) {
      const YAML::Node& dirs = root["plugin_dirs"];
      if (!dirs.IsNull() && !dirs.IsSequence()) r.fail(dirs, "'plugin_dirs' must be a list");
      for (const auto& d : dirs)
        config.pluginDirs.push_back(r.path(d, "'plugin_dirs' entry"));
    }
    if (root["plugins"] && !root["plugins"].IsNull()) readPlugins(r, root["plugins"], config);
    if (root["inventory"] && !root["inventory"].IsNull()) {
      readInventory(r, root["inventory"], config);
    }
    if (root["store"] && !root["store"].IsNull()) {
      r.expectMap(root["store"], "'store'");
      r.checkKeys(root["store"], {"path"}, "'store'");
      if (root["store"]["path"]) config.storePath = r.path(root["store"]["path"], "'path'");
    }
    if (root["vulndb"] && !root["vulndb"].IsNull()) {
      r.expectMap(root["vulndb"], "'vulndb'");
      r.checkKeys(root["vulndb"], {"path"}, "'vulndb'");
      if (root["vulndb"]["path"]) config.vulndbPath = r.path(root["vulndb"]["path"], "'path'");
    }
    if (root["output"] && !root["output"].IsNull()) readOutput(r, root["output"], config);
    if (root["scan"] && !root["scan"].IsNull()) readScan(r, root["scan"], config);
  } catch (const YAML::Exception& e) {
    throw ConfigError(r.at(e.mark), e.msg);
  }
  return config;
}

}  // namespace bulwark
