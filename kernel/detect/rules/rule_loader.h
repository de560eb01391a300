// Loads rules written in the detection rule language (YAML) and validates them; every error
// names the file, line and column. A document is a list of rules, or a map with a "rules" list.
//
//   - id: ssh.bruteforce.source-ip          # [a-z0-9._-], unique across all loaded rules
//     title: SSH brute force from one source
//     description: ...
//     severity: High                         # High, Medium, Low, Informational
//     mitre: {tactic: Credential Access, technique: T1110.001}
//     remediation: ...
//     match:                                 # a condition (below)
//       type: ssh.login.failed
//     exceptions:                            # conditions; a matching event is ignored
//       - ip: {cidr: [10.0.0.0/8]}
//     threshold: {count: 10, window: 10m, group_by: [ip]}   # or distinct: user
//     sequence: {by: [ip], within: 30m, steps: [{match: {...}, count: 5}, {match: {...}}]}
//     distributed: {target: [host], source: ip, min_sources: 10, max_per_source: 3,
//                   window: 1h}
//     dedup: 1h                              # default: the window, or 1h
//     entities: [user]                       # extra fields to report
//
// A condition maps field names to tests, all of which must hold: a scalar (equals), a list
// (equals one of), or a map with one operator (equals, in, contains, startswith, endswith,
// cidr, regex, exists) whose value is a scalar or a list of alternatives, plus optional
// "nocase: true" and "not: true". The keys "any" (list of conditions, one must hold), "all"
// (list, all must hold) and "not" (a condition that must not hold) combine conditions. The
// pseudo-fields type, source, resource_id and raw address the event itself. Durations are
// "30s", "10m", "2h", "1d" or a number of seconds. An operator's alternatives may be a named
// list, {cidr: {list: tor-exits}}, defined in the file's top-level "lists" map and refreshable
// by the operator (rule_lists.h).
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "detect/rules/rule.h"

namespace bulwark::detect {

class RuleError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Parses YAML text; `origin` names it in errors (a file path or "plugin ssh/rules").
std::vector<Rule> loadRulesText(const std::string& yaml, const std::string& origin, KeyTable& keys);
// A .yaml/.yml file, or every such file under a folder (sorted).
std::vector<Rule> loadRulesPath(const std::string& path, KeyTable& keys);
// Throws RuleError naming both definitions when two rules share an id.
void checkUniqueRuleIds(const std::vector<Rule>& rules);

}  // namespace bulwark::detect
