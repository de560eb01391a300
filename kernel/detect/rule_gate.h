// A cheap test the engine runs before a rule's condition, false only when the condition cannot
// hold: a field it requires is missing, none of the regexes it requires is a candidate of the
// regex index, or an equality it requires fails. A condition made of `any` branches gets one
// alternative per branch. Most events fail most rules' gates, so the full condition (and its
// exceptions) runs for few of them.
#pragma once

#include <cstdint>
#include <vector>

#include "detect/event.h"
#include "detect/rules/condition.h"
#include "detect/rules/regex_index.h"

namespace bulwark::detect {

// Which fields an event holds, computed once per event: keys below 64 by bit.
class FieldPresence {
 public:
  explicit FieldPresence(const Event& e) : event_(e) {
    for (const auto& f : e.fields) {
      if (f.first < 64) bits_ |= uint64_t{1} << f.first;
    }
  }
  bool has(Key k) const { return k < 64 ? ((bits_ >> k) & 1) != 0 : event_.has(k); }

 private:
  const Event& event_;
  uint64_t bits_ = 0;
};

class RuleGate {
 public:
  // A gate for `condition` (whose regex tests must already be indexed); it keeps pointers into
  // the condition, which must stay where it is.
  static RuleGate forCondition(const Condition& condition);
  bool mayPass(const Event& e, const FieldPresence& present, const KeyTable& keys,
               const RegexIndex& index) const {
    if (alternatives_.empty()) return true;
    // The common case inline: one regex alternative whose slot was scanned without candidates.
    if (alternatives_.size() == 1 && alternatives_[0].slot >= 0 &&
        index.ranWithoutCandidates(static_cast<size_t>(alternatives_[0].slot)))
      return false;
    return mayPassSlow(e, present, keys, index);
  }
  bool open() const { return alternatives_.empty(); }

 private:
  struct Alternative {
    Key required = 0;
    int slot = -1;
    Key regexField = 0;
    const std::vector<uint32_t>* ids = nullptr;
    const FieldTest* equals = nullptr;
    bool empty() const { return required == 0 && slot < 0 && equals == nullptr; }
  };
  static Alternative alternativeOf(const Condition& c);
  bool mayPassSlow(const Event& e, const FieldPresence& present, const KeyTable& keys,
                   const RegexIndex& index) const;
  std::vector<Alternative> alternatives_;  // empty: every event passes
};

}  // namespace bulwark::detect
