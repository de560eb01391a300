// threshold: count (or the number of distinct values of a field) of matching events in a
// sliding window, per group; raises while the count is at or above N.
#include <algorithm>
#include <unordered_map>

#include "detect/rule_state.h"

namespace bulwark::detect {
namespace {

class ThresholdState : public RuleState {
 public:
  using RuleState::RuleState;

  void observe(const Event& e, AlertSink& sink) override {
    std::string& key = key_;
    if (!groupKey(e, rule_.groupBy, key)) return;
    std::string& value = value_;
    value.clear();
    if (rule_.distinct != 0) {
      value.assign(e.get(rule_.distinct, keys_));
      if (value.empty()) return;
    }
    auto it = groups_.find(key);
    if (it == groups_.end()) {
      if (!roomForGroup(groups_.size())) return;
      it = groups_.emplace(key, Group{}).first;
    }
    Group& g = it->second;
    // Out-of-order events go to their place, so expiry from the front stays right.
    if (g.hits.empty() || g.hits.back().time <= e.timeNs) {
      g.hits.push_back(Hit{e.timeNs, value});
    } else {
      auto pos = std::upper_bound(g.hits.begin(), g.hits.end(), e.timeNs,
                                  [](int64_t t, const Hit& h) { return t < h.time; });
      g.hits.insert(pos, Hit{e.timeNs, value});
    }
    if (rule_.distinct != 0) ++g.distinct[value];
    g.newest = std::max(g.newest, e.timeNs);
    const int64_t cutoff = g.newest - rule_.windowNs;
    while (!g.hits.empty() && g.hits.front().time < cutoff) {
      if (rule_.distinct != 0) {
        auto d = g.distinct.find(g.hits.front().value);
        if (--d->second == 0) g.distinct.erase(d);
      }
      g.hits.pop_front();
    }
    const std::string& line = addEvidence(g.evidence, e, sink);
    size_t count = rule_.distinct != 0 ? g.distinct.size() : g.hits.size();
    if (count >= rule_.count && sink.mergeIfOpen(rule_, key, e, line)) {
      return;
    } else if (count >= rule_.count) {
      std::vector<std::pair<std::string, std::string>> extra;
      if (rule_.distinct != 0) {
        for (const auto& [v, n] : g.distinct) {
          if (extra.size() >= 20) break;
          extra.emplace_back(std::string(keys_.text(rule_.distinct)), v);
        }
      }
      sink.raise(rule_, key, e, g.hits.front().time, g.hits.size(), g.evidence.lines(),
                 std::move(extra));
    }
  }

  void sweep(int64_t cutoffNs) override {
    for (auto it = groups_.begin(); it != groups_.end();) {
      if (it->second.newest < cutoffNs - rule_.windowNs)
        it = groups_.erase(it);
      else
        ++it;
    }
  }

  size_t groups() const override { return groups_.size(); }

 private:
  struct Hit {
    int64_t time;
    std::string value;  // the distinct field's value, when counting distinct values
  };
  struct Group {
    std::deque<Hit> hits;
    std::unordered_map<std::string, uint32_t> distinct;
    EvidenceRing evidence;
    int64_t newest = INT64_MIN;
  };
  std::unordered_map<std::string, Group> groups_;
  std::string key_, value_;  // reused: observe runs for every matching event
};

}  // namespace

std::unique_ptr<RuleState> makeThresholdState(const Rule& r, const KeyTable& k,
                                              const StateLimits& l) {
  return std::make_unique<ThresholdState>(r, k, l);
}

}  // namespace bulwark::detect
