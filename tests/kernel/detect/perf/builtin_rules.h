// The shipped rule packs and logs written to fire their regex rules, shared by the hot-path
// tests that check a shortcut answers exactly as the plain evaluation.
#pragma once

#include <string>
#include <vector>

#include "detect/rules/rule_loader.h"

namespace bulwark::test {

// Every rule in plugins/*/rules of the source tree.
std::vector<detect::Rule> builtInRules(detect::KeyTable& keys);
// Syslog lines meant to fire the built-in regex rules (and near misses that must not).
extern const char* const kCraftedLog;
// `lines` syslog lines with random, partly binary messages.
std::string garbageLog(size_t lines);

}  // namespace bulwark::test
