// The operator's configuration file (YAML): plugin directories, enabled plugins and their
// settings, inventory sources, the store and the report output. Relative paths are resolved
// against the configuration file's folder. Every error names the file, line and column.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

namespace bulwark {

struct SourcePosition {
  std::string file;
  int line = 0;    // 1-based; 0 when unknown
  int column = 0;  // 1-based; 0 when unknown
  std::string str() const;
};

class ConfigError : public std::runtime_error {
 public:
  ConfigError(const SourcePosition& where, const std::string& message)
      : std::runtime_error(where.str() + ": " + message), where_(where) {}
  const SourcePosition& where() const { return where_; }

 private:
  SourcePosition where_;
};

struct PluginConfig {
  std::string id;
  bool enabled = true;
  nlohmann::json settings = nlohmann::json::object();
  SourcePosition position;
  // Where each setting was written, by JSON pointer ("" is the settings map itself, "/tag",
  // "/names/0"), so errors about a setting name its line and column.
  std::map<std::string, SourcePosition> settingPositions;
};

struct InventorySource {
  std::string type;  // "arm-snapshot"
  std::string path;  // absolute
  SourcePosition position;
};

struct Config {
  std::string file;                     // absolute path of the configuration file
  std::vector<std::string> pluginDirs;  // absolute; empty means the default folder
  std::vector<PluginConfig> plugins;
  std::vector<InventorySource> inventory;
  std::string storePath;   // absolute
  std::string vulndbPath;  // absolute; empty when the file names none
  std::string outputFormat = "table";
  std::string outputFile;  // absolute or empty for stdout
  std::vector<std::string> scopes;
  std::string failOn = "none";
  std::string securityPolicyFile;  // absolute, or empty for none

  const PluginConfig* plugin(const std::string& id) const;
  bool enabled(const std::string& id) const;
};

// Reads and validates a configuration file. Throws ConfigError.
Config loadConfig(const std::string& path);

// Output formats and severities accepted by config and CLI alike.
bool isOutputFormat(const std::string& s);  // table or json
bool isReportFormat(const std::string& s);  // table, json, csv, sarif, ocsf, html
bool isFailOnLevel(const std::string& s);

}  // namespace bulwark
