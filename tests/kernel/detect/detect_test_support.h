// Helpers for the detection tests: reading text through a reader, running rules over events.
#pragma once

#include <string>
#include <vector>

#include "detect/engine.h"
#include "detect/readers/reader.h"
#include "detect/rules/rule_loader.h"

namespace bulwark::test {

struct ReadResult {
  std::vector<detect::Event> events;
  detect::ReadStats stats;
};

// Reads `text` as if it were the file "test.log" of source `type`.
ReadResult readText(detect::KeyTable& keys, const std::string& type, const std::string& text,
                    int year = 2026);
ReadResult readPath(detect::KeyTable& keys, const std::string& type, const std::string& path,
                    int year = 2026);

// Runs `rulesYaml` over `events` (in the order given) and returns the alerts.
std::vector<detect::Alert> runRules(detect::KeyTable& keys, const std::string& rulesYaml,
                                    std::vector<detect::Event> events,
                                    detect::EngineOptions options = {});

// An event of `type` at `second` (Unix seconds) with (field, value) pairs.
detect::Event makeEvent(detect::KeyTable& keys, const std::string& type, int64_t second,
                        const std::vector<std::pair<std::string, std::string>>& fields);

// The values of entity `name` in `alert`.
std::vector<std::string> entityValues(const detect::Alert& alert, const std::string& name);

}  // namespace bulwark::test
