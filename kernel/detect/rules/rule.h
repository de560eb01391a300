// A detection rule as loaded from the rule language (rule_loader.h documents the YAML).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "detect/rules/condition.h"

namespace bulwark::detect {

enum class RuleForm {
  Single,       // every matching event raises (deduplicated)
  Threshold,    // count (or distinct count of a field) >= N within a window, per group
  Sequence,     // steps in order by the same key within a window
  Distributed,  // one target hit by many sources, each with few tries, within a window
};

struct SequenceStep {
  Condition match;
  uint64_t count = 1;
};

struct Rule {
  std::string id;
  std::string title;
  std::string description;
  std::string severity;   // High, Medium, Low, Informational
  std::string tactic;     // MITRE ATT&CK tactic name, e.g. "Credential Access"
  std::string technique;  // MITRE ATT&CK technique id, e.g. "T1110.001"
  std::string remediation;
  std::string origin;  // "file:line" of the rule's definition

  Condition match;  // required by every event the rule looks at (empty: all events)
  std::vector<Condition> exceptions;  // an event matching any of them is ignored
  RuleForm form = RuleForm::Single;

  std::vector<Key> groupBy;  // threshold group, sequence key, distributed target
  int64_t windowNs = 0;
  uint64_t count = 1;  // threshold: events or distinct values; distributed: sources
  Key distinct = 0;    // threshold: count distinct values of this field instead
  std::vector<SequenceStep> steps;
  Key sourceField = 0;        // distributed: the attacking side
  uint64_t maxPerSource = 0;  // distributed: "few tries" per source
  int64_t dedupNs = 0;        // repeated alerts for one group within this are merged
  std::vector<Key> entities;  // extra fields reported as alert entities
};

// MITRE ATT&CK enterprise tactics in kill-chain order.
const std::vector<std::string>& mitreTactics();
// Position of a tactic in kill-chain order, or the number of tactics when unknown.
size_t killChainStage(const std::string& tactic);

}  // namespace bulwark::detect
