#include "detect/rules/rule_lists.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <stdexcept>

namespace bulwark::detect {
namespace fs = std::filesystem;
namespace {

std::map<std::string, std::vector<std::string>>& overrides() {
  static std::map<std::string, std::vector<std::string>> lists;
  return lists;
}

}  // namespace

std::string ruleListPath(const std::string& dataDir, const std::string& name) {
  return (fs::path(dataDir) / "lists" / (name + ".txt")).string();
}

std::vector<std::string> readRuleListFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path + ": cannot read");
  std::vector<std::string> entries;
  for (std::string line; std::getline(in, line);) {
    size_t hash = line.find('#');
    if (hash != std::string::npos) line.resize(hash);
    size_t begin = line.find_first_not_of(" \t\r");
    if (begin == std::string::npos) continue;
    size_t end = line.find_last_not_of(" \t\r");
    entries.push_back(line.substr(begin, end - begin + 1));
  }
  return entries;
}

std::vector<std::string> loadRuleListOverrides(const std::string& dataDir) {
  overrides().clear();
  std::vector<std::string> names;
  fs::path folder = fs::path(dataDir) / "lists";
  std::error_code ec;
  if (!fs::is_directory(folder, ec)) return names;
  for (const auto& entry : fs::directory_iterator(folder, ec)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".txt") continue;
    std::string name = entry.path().stem().string();
    overrides()[name] = readRuleListFile(entry.path().string());
    names.push_back(name);
  }
  return names;
}

void clearRuleListOverrides() {
  overrides().clear();
}

const std::vector<std::string>* ruleListOverride(const std::string& name) {
  auto it = overrides().find(name);
  return it == overrides().end() ? nullptr : &it->second;
}

}  // namespace bulwark::detect
