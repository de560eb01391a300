#include "detect/rule_state.h"

namespace bulwark::detect {

bool RuleState::groupKey(const Event& e, const std::vector<Key>& fields, std::string& out) const {
  out.clear();
  for (Key k : fields) {
    std::string_view v = e.get(k, keys_);
    if (v.empty())
      return false;
    if (!out.empty())
      out.push_back('\x1f');
    out.append(v);
  }
  return true;
}

void RuleState::addEvidence(std::deque<std::string>& evidence, const Event& e) const {
  if (evidence.size() >= limits_.evidenceLines)
    evidence.pop_front();
  evidence.push_back(e.origin() + ": " + e.raw);
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
    std::string key;
    groupKey(e, rule_.groupBy.empty() ? rule_.entities : rule_.groupBy, key);
    sink.raise(rule_, key, e, e.timeNs, 1, {e.origin() + ": " + e.raw}, {});
  }
  void sweep(int64_t) override {}
  size_t groups() const override { return 0; }
};

}  // namespace

std::unique_ptr<RuleState> makeSingleState(const Rule& r, const KeyTable& k, const StateLimits& l) {
  return std::make_unique<SingleState>(r, k, l);
}

}  // namespace bulwark::detect
