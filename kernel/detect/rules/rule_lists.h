// Named lists that rules test against: {cidr: {list: tor-exits}}, {in: {list: malware-md5}}.
// A rule file ships each list's default under its top-level "lists" map. An operator refreshes
// a list with `bulwark data update NAME FILE`, which writes <data dir>/lists/NAME.txt; once
// loaded here, that file replaces the shipped default for every rule loaded afterwards.
//
// The overrides are process-wide, set at start-up before rules are loaded; not thread-safe.
#pragma once

#include <string>
#include <vector>

namespace bulwark::detect {

// <dataDir>/lists/<name>.txt
std::string ruleListPath(const std::string& dataDir, const std::string& name);

// One entry per line; blank lines and '#' comments are skipped. Throws std::runtime_error
// when the file cannot be read.
std::vector<std::string> readRuleListFile(const std::string& path);

// Loads every <dataDir>/lists/*.txt as an override named after the file, replacing those
// loaded before. A missing folder loads none. Returns the names loaded.
std::vector<std::string> loadRuleListOverrides(const std::string& dataDir);
void clearRuleListOverrides();
// The override for `name`, or nullptr when the shipped default applies.
const std::vector<std::string>* ruleListOverride(const std::string& name);

}  // namespace bulwark::detect
