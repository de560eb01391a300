// One combined RE2::Set per field over every regex test of a rule list, run at most once per
// event: with dozens of regex rules on `message`, an event costs one pass over the message
// instead of one per pattern. Answers are exactly those of the single regexes (same RE2
// syntax and options, unanchored); when a set cannot run (its DFA out of memory) the tests
// fall back to their own regexes.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "detect/rules/rule.h"

namespace re2 {
class RE2;
}

namespace bulwark::detect {

class RegexIndex {
 public:
  RegexIndex();
  ~RegexIndex();
  RegexIndex(const RegexIndex&) = delete;
  RegexIndex& operator=(const RegexIndex&) = delete;

  // Gives every regex test of `rules` (match, exceptions, sequence steps) its slot and ids and
  // compiles the sets. The rules must stay where they are while the index is used.
  void build(std::vector<Rule>& rules);
  // Forgets the answers of the previous event; call before evaluating each event.
  void startEvent() { ++generation_; }
  // Whether pattern `id` of the set in `slot` matches `value` (the field's value in the
  // current event); nullopt when the set could not run.
  std::optional<bool> matched(size_t slot, uint32_t id, std::string_view value) const;
  // False only when none of `ids` matches `value` (true when unknown): lets the engine skip a
  // rule that requires one of them without evaluating it.
  bool mayMatch(size_t slot, const std::vector<uint32_t>& ids, std::string_view value) const;
  // True when the set of `slot` already ran for the current event and no pattern of it can
  // match: every test on the slot fails, without looking the value up again.
  bool ranWithoutCandidates(size_t slot) const { return emptyAt_[slot] == generation_; }
  size_t slots() const { return slots_.size(); }
  size_t patterns() const;

 private:
  struct Slot;
  void index(Condition& c);
  void index(FieldTest& t);
  // Runs the set of `slot` on `value` unless it already ran for this event; false if it could
  // not run.
  bool run(size_t slot, std::string_view value) const;

  std::vector<std::unique_ptr<Slot>> slots_;
  uint64_t generation_ = 1;
  // Per slot: the generation whose event the slot's set ran on and found nothing possible.
  mutable std::vector<uint64_t> emptyAt_;
};

}  // namespace bulwark::detect
