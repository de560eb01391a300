#include "detect/rules/regex_index.h"

#include <re2/re2.h>
#include <re2/set.h>

#include <string>
#include <unordered_map>

#include "detect/rules/regex_prefilter.h"

namespace bulwark::detect {

struct RegexIndex::Slot {
  Key field = 0;
  std::unique_ptr<RE2::Set> set;
  std::unordered_map<std::string, uint32_t> ids;  // pattern text -> id in the set
  std::vector<std::shared_ptr<RE2>> regexes;      // by id: confirms prefilter candidates
  RegexPrefilter prefilter;
  bool compiled = false;
  // The current event's answers: valid while `generation` is the index's.
  mutable uint64_t generation = 0;
  mutable bool failed = false;
  mutable std::vector<uint8_t> hits;  // Answer by id
  mutable std::vector<int> found;     // ids whose answer is not kNo
};

namespace {

enum Answer : uint8_t { kNo = 0, kYes = 1, kCandidate = 2 };

RE2::Options setOptions() {
  // The options each rule regex is compiled with (rule_loader.cc), with room for the larger
  // combined automaton.
  RE2::Options options;
  options.set_log_errors(false);
  options.set_max_mem(64 << 20);
  return options;
}

}  // namespace

RegexIndex::RegexIndex() = default;
RegexIndex::~RegexIndex() = default;

void RegexIndex::build(std::vector<Rule>& rules) {
  for (auto& rule : rules) {
    index(rule.match);
    for (auto& ex : rule.exceptions)
      index(ex);
    for (auto& step : rule.steps)
      index(step.match);
  }
  for (auto& slot : slots_) {
    // A set that does not compile leaves its tests on their own regexes.
    slot->compiled = slot->set->Compile();
    slot->hits.assign(slot->ids.size(), kNo);
    std::vector<std::string> patterns;
    for (const auto& re : slot->regexes)
      patterns.push_back(re->pattern());
    if (slot->compiled) slot->prefilter.build(patterns);
  }
  emptyAt_.assign(slots_.size(), 0);
}

void RegexIndex::index(Condition& c) {
  for (auto& t : c.all)
    index(t);
  for (auto& sub : c.any)
    index(sub);
  for (auto& sub : c.none)
    index(sub);
}

void RegexIndex::index(FieldTest& t) {
  if (t.op != MatchOp::Regex || t.regexes.empty()) return;
  size_t slot = 0;
  while (slot < slots_.size() && slots_[slot]->field != t.field)
    ++slot;
  if (slot == slots_.size()) {
    auto s = std::make_unique<Slot>();
    s->field = t.field;
    s->set = std::make_unique<RE2::Set>(setOptions(), RE2::UNANCHORED);
    slots_.push_back(std::move(s));
  }
  Slot& s = *slots_[slot];
  std::vector<uint32_t> ids;
  for (const auto& re : t.regexes) {
    auto [it, fresh] = s.ids.emplace(re->pattern(), static_cast<uint32_t>(s.ids.size()));
    if (fresh && s.set->Add(re->pattern(), nullptr) != static_cast<int>(it->second)) {
      s.ids.erase(it);  // not expected for a pattern RE2 compiled: the test keeps its regexes
      return;
    }
    if (fresh) s.regexes.push_back(re);
    ids.push_back(it->second);
  }
  t.regexSlot = static_cast<int>(slot);
  t.regexIds = std::move(ids);
}

bool RegexIndex::run(size_t slot, std::string_view value) const {
  const Slot& s = *slots_[slot];
  if (!s.compiled) return false;
  if (s.generation != generation_) {
    s.generation = generation_;
    for (int i : s.found)  // clears only what the previous event set
      s.hits[static_cast<size_t>(i)] = kNo;
    s.found.clear();
    s.failed = false;
    // Hyperscan names the few patterns that may match; RE2 confirms those when asked.
    if (s.prefilter.scan(value, [&s](uint32_t id) {
          s.hits[id] = kCandidate;
          s.found.push_back(static_cast<int>(id));
        })) {
      if (s.found.empty()) emptyAt_[slot] = generation_;
      return true;
    }
    RE2::Set::ErrorInfo error;
    bool any = s.set->Match(re2::StringPiece(value.data(), value.size()), &s.found, &error);
    s.failed = !any && error.kind != RE2::Set::kNoError;
    for (int i : s.found)
      s.hits[static_cast<size_t>(i)] = kYes;
    if (!s.failed && s.found.empty()) emptyAt_[slot] = generation_;
  }
  return !s.failed;
}

std::optional<bool> RegexIndex::matched(size_t slot, uint32_t id, std::string_view value) const {
  if (!run(slot, value)) return std::nullopt;
  const Slot& s = *slots_[slot];
  if (s.hits[id] == kCandidate)
    s.hits[id] = RE2::PartialMatch(re2::StringPiece(value.data(), value.size()), *s.regexes[id])
                     ? kYes
                     : kNo;
  return s.hits[id] == kYes;
}

bool RegexIndex::mayMatch(size_t slot, const std::vector<uint32_t>& ids,
                          std::string_view value) const {
  if (!run(slot, value)) return true;
  const Slot& s = *slots_[slot];
  if (s.found.empty()) return false;
  for (uint32_t id : ids) {
    if (s.hits[id] != kNo) return true;
  }
  return false;
}

size_t RegexIndex::patterns() const {
  size_t n = 0;
  for (const auto& s : slots_)
    n += s->ids.size();
  return n;
}

}  // namespace bulwark::detect
