#include "detect/rule_gate.h"

namespace bulwark::detect {

RuleGate::Alternative RuleGate::alternativeOf(const Condition& c) {
  Alternative alt;
  alt.required = c.requiredField();
  for (const auto& t : c.all) {
    if (t.negate) continue;
    if (t.op == MatchOp::Regex && t.regexSlot >= 0 && alt.slot < 0) {
      alt.slot = t.regexSlot;
      alt.regexField = t.field;
      alt.ids = &t.regexIds;
    } else if (t.op == MatchOp::Equals && !t.nocase && t.valueKeys.empty() &&
               alt.equals == nullptr) {
      alt.equals = &t;
    }
  }
  return alt;
}

RuleGate RuleGate::forCondition(const Condition& condition) {
  RuleGate gate;
  if (!condition.all.empty()) {
    Alternative alt = alternativeOf(condition);
    if (!alt.empty()) gate.alternatives_.push_back(alt);
    return gate;
  }
  for (const auto& branch : condition.any) {
    Alternative alt = alternativeOf(branch);
    if (alt.empty()) return RuleGate{};  // a branch that may pass anything opens the gate
    gate.alternatives_.push_back(alt);
  }
  return gate;
}

bool RuleGate::mayPassSlow(const Event& e, const FieldPresence& present, const KeyTable& keys,
                           const RegexIndex& index) const {
  for (const auto& alt : alternatives_) {
    if (alt.required != 0 && !present.has(alt.required)) continue;
    if (alt.slot >= 0) {
      if (index.ranWithoutCandidates(static_cast<size_t>(alt.slot))) continue;
      // A plain regex test fails on an event without the field.
      if (!present.has(alt.regexField)) continue;
      if (!index.mayMatch(static_cast<size_t>(alt.slot), *alt.ids, e.get(alt.regexField, keys)))
        continue;
    }
    if (alt.equals != nullptr && !alt.equals->matches(e, keys)) continue;
    return true;
  }
  return false;
}

}  // namespace bulwark::detect
