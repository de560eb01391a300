#include "image/triage/ignore_file.h"

#include <yaml-cpp/yaml.h>

#include <re2/re2.h>

#include "image/triage/triage_error.h"

namespace bulwark::image {
namespace {

class IgnoreFileParser {
 public:
  explicit IgnoreFileParser(std::string path) : path_(std::move(path)) {}

  std::vector<IgnoreEntry> parse() {
    YAML::Node root;
    try {
      root = YAML::LoadFile(path_);
    } catch (const YAML::BadFile&) {
      throw TriageError(path_ + ": cannot read the ignore file");
    } catch (const YAML::ParserException& e) {
      throw TriageError(where(e.mark) + ": invalid YAML: " + e.msg);
    }
    try {
      return entries(root);
    } catch (const YAML::Exception& e) {  // e.g. a key that is itself a list
      throw TriageError(where(e.mark) + ": " + e.msg);
    }
  }

 private:
  std::vector<IgnoreEntry> entries(const YAML::Node& root) const {
    if (!root || root.IsNull()) return {};
    YAML::Node list = root;
    if (root.IsMap()) {
      for (const auto& kv : root)
        if (kv.first.as<std::string>() != "ignore")
          fail(kv.first, "unknown key '" + kv.first.as<std::string>() + "' (expected 'ignore')");
      list = root["ignore"];
      if (!list || list.IsNull()) return {};
    }
    if (!list.IsSequence()) fail(list, "expected a list of ignore entries");
    std::vector<IgnoreEntry> entries;
    for (const auto& item : list)
      entries.push_back(entry(item));
    return entries;
  }

  std::string where(const YAML::Mark& m) const {
    return path_ + ":" + std::to_string(m.line + 1) + ":" + std::to_string(m.column + 1);
  }

  [[noreturn]] void fail(const YAML::Node& node, const std::string& message) const {
    throw TriageError(where(node.Mark()) + ": " + message);
  }

  std::string scalar(const YAML::Node& node, const std::string& key) const {
    if (!node.IsScalar()) fail(node, "'" + key + "' must be a single value");
    std::string text = node.Scalar();
    if (text.empty()) fail(node, "'" + key + "' is empty");
    return text;
  }

  void readPackage(const YAML::Node& node, IgnoreEntry& e) const {
    if (node.IsScalar()) {
      e.packageName = scalar(node, "package");
      return;
    }
    if (!node.IsMap()) fail(node, "'package' must be a name or {name, version}");
    for (const auto& kv : node) {
      std::string key = kv.first.as<std::string>();
      if (key == "name")
        e.packageName = scalar(kv.second, "package.name");
      else if (key == "version")
        e.packageVersion = scalar(kv.second, "package.version");
      else
        fail(kv.first, "unknown key 'package." + key + "' (expected name, version)");
    }
    if (e.packageName.empty()) fail(node, "'package' needs a name");
  }

  IgnoreEntry entry(const YAML::Node& node) const {
    if (!node.IsMap()) fail(node, "an ignore entry must be a mapping with id and reason");
    IgnoreEntry e;
    e.origin = where(node.Mark());
    for (const auto& kv : node) {
      std::string key = kv.first.as<std::string>();
      if (key == "id") {
        e.id = scalar(kv.second, key);
      } else if (key == "package") {
        readPackage(kv.second, e);
      } else if (key == "expires") {
        e.expires = scalar(kv.second, key);
        static const RE2 kDate(R"(\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01]))");
        if (!RE2::FullMatch(e.expires, kDate))
          fail(kv.second, "'expires' must be a date YYYY-MM-DD, not '" + e.expires + "'");
      } else if (key == "reason") {
        e.reason = scalar(kv.second, key);
      } else {
        fail(kv.first, "unknown key '" + key + "' (expected id, package, expires, reason)");
      }
    }
    if (e.id.empty()) fail(node, "an ignore entry needs an 'id' (advisory id or alias)");
    if (e.reason.empty()) fail(node, "the ignore entry for " + e.id + " needs a 'reason'");
    return e;
  }

  std::string path_;
};

}  // namespace

std::vector<IgnoreEntry> loadIgnoreFile(const std::string& path) {
  return IgnoreFileParser(path).parse();
}

bool ignoreEntryExpired(const IgnoreEntry& entry, const std::string& today) {
  return !entry.expires.empty() && entry.expires < today;
}

}  // namespace bulwark::image
