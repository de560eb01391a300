// sequence: per key, step 1 seen `count` times within the window, then step 2, ... in order,
// the whole sequence inside `within` of its first counted event. Events of an earlier step
// after it completed are kept as evidence; a sequence that runs out of time starts over.
#include <algorithm>
#include <unordered_map>

#include "detect/rule_state.h"

namespace bulwark::detect {
namespace {

class SequenceState : public RuleState {
 public:
  SequenceState(const Rule& rule, const KeyTable& keys, const StateLimits& limits)
      : RuleState(rule, keys, limits) {
    for (const auto& step : rule_.steps)
      stepTypes_.push_back(step.match.requiredTypes(keys_));
  }

  void observe(const Event& e, AlertSink& sink) override {
    std::vector<char>& matched = matched_;
    matched.assign(rule_.steps.size(), 0);
    bool any = false;
    for (size_t i = 0; i < rule_.steps.size(); ++i) {
      const auto& types = stepTypes_[i];
      matched[i] = (types.empty() || std::find(types.begin(), types.end(), e.type) != types.end())
                       ? rule_.steps[i].match.matches(e, keys_)
                       : 0;
      any = any || matched[i];
    }
    if (!any) return;
    std::string& key = key_;
    if (!groupKey(e, rule_.groupBy, key)) return;
    auto it = progress_.find(key);
    if (it == progress_.end()) {
      if (!matched[0] || !roomForGroup(progress_.size())) return;
      it = progress_.emplace(key, Progress{}).first;
    }
    Progress& p = it->second;
    p.newest = std::max(p.newest, e.timeNs);
    if (p.stage > 0 && e.timeNs - p.start > rule_.windowNs) p.restart();
    if (matched[p.stage]) {
      addEvidence(p.evidence, e, sink);
      ++p.events;
      if (p.stage == 0) {
        p.stageTimes.push_back(e.timeNs);
        while (!p.stageTimes.empty() && p.stageTimes.front() < e.timeNs - rule_.windowNs)
          p.stageTimes.pop_front();
      } else {
        p.stageTimes.push_back(e.timeNs);
      }
      if (p.stageTimes.size() >= rule_.steps[p.stage].count) {
        if (p.stage == 0) p.start = p.stageTimes.front();
        p.stageTimes.clear();
        if (++p.stage == rule_.steps.size()) {
          sink.raise(rule_, key, e, p.start, p.events, p.evidence.lines(), {});
          progress_.erase(it);
        }
      }
    } else if (p.stage > 0 && matched[0]) {
      addEvidence(p.evidence, e, sink);
      ++p.events;
    }
  }

  void sweep(int64_t cutoffNs) override {
    for (auto it = progress_.begin(); it != progress_.end();) {
      if (it->second.newest < cutoffNs - rule_.windowNs)
        it = progress_.erase(it);
      else
        ++it;
    }
  }

  size_t groups() const override { return progress_.size(); }

 private:
  struct Progress {
    size_t stage = 0;
    std::deque<int64_t> stageTimes;
    int64_t start = 0;
    int64_t newest = INT64_MIN;
    uint64_t events = 0;
    EvidenceRing evidence;
    // Starts over (the sequence ran out of time), keeping the buffers and `newest`.
    void restart() {
      stage = 0;
      stageTimes.clear();
      start = 0;
      events = 0;
      evidence.clear();
    }
  };
  std::unordered_map<std::string, Progress> progress_;
  // The event types a step requires (empty: any), so most events skip the step's condition.
  std::vector<std::vector<Key>> stepTypes_;
  std::vector<char> matched_;  // reused: observe runs for every event the rule looks at
  std::string key_;
};

}  // namespace

std::unique_ptr<RuleState> makeSequenceState(const Rule& r, const KeyTable& k,
                                             const StateLimits& l) {
  return std::make_unique<SequenceState>(r, k, l);
}

}  // namespace bulwark::detect
