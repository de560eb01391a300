#include "detect/rule_state.h"

#include <charconv>

namespace bulwark::detect {

bool RuleState::groupKey(const Event& e, const std::vector<Key>& fields, std::string& out) const {
  out.clear();
  for (Key k : fields) {
    std::string_view v = e.get(k, keys_);
    if (v.empty()) return false;
    if (!out.empty()) out.push_back('\x1f');
    out.append(v);
  }
  return true;
}

const std::string& EvidenceRing::add(std::string_view line, size_t limit) {
  if (limit == 0) limit = 1;
  if (used_ < limit) {
    if (used_ == lines_.size()) lines_.emplace_back();
    std::string& slot = lines_[used_++];
    slot.assign(line);
    return slot;
  }
  std::string& slot = lines_[next_];
  next_ = (next_ + 1) % used_;
  slot.assign(line);
  return slot;
}

std::vector<std::string> EvidenceRing::lines() const {
  std::vector<std::string> out;
  out.reserve(used_);
  for (size_t i = 0; i < used_; ++i)
    out.push_back(lines_[(next_ + i) % used_]);
  return out;
}

void writeEvidenceLine(const Event& e, std::string& out) {
  out.clear();
  const size_t fileSize = e.file != nullptr ? e.file->size() : 1;
  out.reserve(fileSize + e.raw.size() + 24);  // one allocation for a new buffer, not three
  out.append(e.file != nullptr ? *e.file : std::string_view("-"));
  if (e.line > 0) {
    char digits[24];
    auto [end, ec] = std::to_chars(digits, digits + sizeof digits, e.line);
    out.push_back(':');
    out.append(digits, end);
  }
  out.append(": ");
  out.append(e.raw);
}

std::unique_ptr<RuleState> makeRuleState(const Rule& rule, const KeyTable& keys,
                                         const StateLimits& limits) {
  switch (rule.form) {
    case RuleForm::Threshold:
      return makeThresholdState(rule, keys, limits);
    case RuleForm::Sequence:
      return makeSequenceState(rule, keys, limits);
    case RuleForm::Distributed:
      return makeDistributedState(rule, keys, limits);
    case RuleForm::Single:
      break;
  }
  return makeSingleState(rule, keys, limits);
}

namespace {

class SingleState : public RuleState {
 public:
  using RuleState::RuleState;
  void observe(const Event& e, AlertSink& sink) override {
    std::string& key = key_;
    groupKey(e, rule_.groupBy.empty() ? rule_.entities : rule_.groupBy, key);
    const std::string& line = sink.evidenceLine(e);
    if (sink.mergeIfOpen(rule_, key, e, line)) return;
    sink.raise(rule_, key, e, e.timeNs, 1, {line}, {});
  }
  void sweep(int64_t) override {}
  size_t groups() const override { return 0; }

 private:
  std::string key_;  // reused: observe runs for every matching event
};

}  // namespace

std::unique_ptr<RuleState> makeSingleState(const Rule& r, const KeyTable& k, const StateLimits& l) {
  return std::make_unique<SingleState>(r, k, l);
}

}  // namespace bulwark::detect
