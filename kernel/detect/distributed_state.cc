// distributed: per target, the sources that hit it within the window and how often. Raises
// when at least min_sources sources each made between 1 and max_per_source attempts: many
// hands, few tries each, which a per-source threshold cannot see.
#include <unordered_map>

#include "detect/rule_state.h"

namespace bulwark::detect {
namespace {

class DistributedState : public RuleState {
 public:
  using RuleState::RuleState;

  void observe(const Event& e, AlertSink& sink) override {
    std::string& key = key_;
    if (!groupKey(e, rule_.groupBy, key)) return;
    std::string& source = source_;
    source.assign(e.get(rule_.sourceField, keys_));
    if (source.empty()) return;
    auto it = targets_.find(key);
    if (it == targets_.end()) {
      if (!roomForGroup(targets_.size())) return;
      it = targets_.emplace(key, Target{}).first;
    }
    Target& t = it->second;
    t.newest = std::max(t.newest, e.timeNs);
    t.hits.emplace_back(e.timeNs, source);
    add(t, source, +1);
    const int64_t cutoff = t.newest - rule_.windowNs;
    while (!t.hits.empty() && t.hits.front().first < cutoff) {
      add(t, t.hits.front().second, -1);
      t.hits.pop_front();
    }
    const std::string& line = addEvidence(t.evidence, e, sink);
    if (t.fewTries >= rule_.count && sink.isOpen(rule_, key, e.timeNs)) {
      // A source seen for the first time still joins the alert's entities.
      auto n = t.perSource.find(source);
      if (n != t.perSource.end() && n->second == 1)
        sink.raise(rule_, key, e, t.hits.front().first, t.hits.size(), {line},
                   {{std::string(keys_.text(rule_.sourceField)), source}});
      else
        sink.mergeIfOpen(rule_, key, e, line);
    } else if (t.fewTries >= rule_.count) {
      std::vector<std::pair<std::string, std::string>> sources;
      std::string name(keys_.text(rule_.sourceField));
      for (const auto& [s, n] : t.perSource) {
        if (n <= rule_.maxPerSource && sources.size() < 50) sources.emplace_back(name, s);
      }
      sink.raise(rule_, key, e, t.hits.front().first, t.hits.size(), t.evidence.lines(),
                 std::move(sources));
    }
  }

  void sweep(int64_t cutoffNs) override {
    for (auto it = targets_.begin(); it != targets_.end();) {
      if (it->second.newest < cutoffNs - rule_.windowNs)
        it = targets_.erase(it);
      else
        ++it;
    }
  }

  size_t groups() const override { return targets_.size(); }

 private:
  struct Target {
    std::deque<std::pair<int64_t, std::string>> hits;
    std::unordered_map<std::string, uint64_t> perSource;
    uint64_t fewTries = 0;  // sources with 1..max_per_source hits
    EvidenceRing evidence;
    int64_t newest = INT64_MIN;
  };

  void add(Target& t, const std::string& source, int delta) {
    uint64_t& n = t.perSource[source];
    auto few = [&](uint64_t c) { return c >= 1 && c <= rule_.maxPerSource; };
    bool before = few(n);
    n = delta > 0 ? n + 1 : n - 1;
    bool after = few(n);
    if (before && !after)
      --t.fewTries;
    else if (!before && after)
      ++t.fewTries;
    if (n == 0) t.perSource.erase(source);
  }

  std::unordered_map<std::string, Target> targets_;
  std::string key_, source_;  // reused: observe runs for every matching event
};

}  // namespace

std::unique_ptr<RuleState> makeDistributedState(const Rule& r, const KeyTable& k,
                                                const StateLimits& l) {
  return std::make_unique<DistributedState>(r, k, l);
}

}  // namespace bulwark::detect
