// The detection engine: runs rules over a stream of events and collects alerts.
//
// Events may arrive out of order by up to `reorderWindowNs`: they wait in a time-ordered
// buffer until the newest time seen is that far past them. Later stragglers are still
// evaluated (and counted as late). Rule state idle for longer than a rule's window is swept,
// and each rule holds at most `maxGroupsPerRule` groups, so memory stays bounded. Repeated
// alerts of one rule for one group within the rule's dedup window merge into one alert.
#pragma once

#include <cstdint>
#include <memory>
#include <queue>
#include <string>
#include <unordered_map>
#include <vector>

#include "detect/alert.h"
#include "detect/rule_gate.h"
#include "detect/rule_state.h"
#include "detect/rules/regex_index.h"

namespace bulwark::detect {

struct EngineOptions {
  int64_t reorderWindowNs = 0;
  size_t maxGroupsPerRule = 100000;
  size_t evidenceLines = 20;
};

struct EngineStats {
  uint64_t events = 0;         // events evaluated
  uint64_t lateEvents = 0;     // older than the reorder window allowed
  uint64_t droppedGroups = 0;  // groups refused because a rule was at its limit
};

class Engine : private AlertSink {
 public:
  // `keys` must be the table the rules were loaded with and outlive the engine.
  Engine(std::vector<Rule> rules, const KeyTable& keys, EngineOptions options = {});
  ~Engine() override;

  // Evaluates `event` in place, or keeps it (moved from) while the reorder window holds it:
  // a caller reusing one event for every record keeps its buffers when no window is set.
  void push(Event&& event);
  // Evaluates everything still buffered (end of a batch).
  void flush();

  const std::vector<Alert>& alerts() const { return alerts_; }
  // Batch streaming: removes and returns the oldest alerts whose dedup window has closed (no
  // later event can change them), in the order alerts() lists them, stopping at the first
  // alert still open. Taking them as the stream goes keeps memory flat however long it is.
  std::vector<Alert> takeFinishedAlerts();
  // Follow mode: copies of the alerts raised or updated since the last call; alerts whose
  // dedup window has closed are then forgotten, so memory stays bounded.
  std::vector<Alert> drainChangedAlerts();
  const std::vector<Rule>& rules() const { return rules_; }
  EngineStats stats() const;
  // Groups held across all rules plus buffered events: the engine's memory, in units.
  size_t stateSize() const;
  // Alerts held (alerts().size()): grows with the stream unless finished alerts are taken.
  size_t heldAlerts() const { return alerts_.size(); }

 private:
  void evaluate(const Event& e);
  void sweep(int64_t nowNs);
  void indexByType(size_t ruleIndex);
  bool isOpen(const Rule& rule, const std::string& groupKey, int64_t timeNs) override;
  bool mergeIfOpen(const Rule& rule, const std::string& groupKey, const Event& trigger,
                   const std::string& evidenceLine) override;
  const std::string& evidenceLine(const Event& e) override;
  void raise(const Rule& rule, const std::string& groupKey, const Event& trigger, int64_t firstNs,
             uint64_t eventCount, std::vector<std::string> evidence,
             std::vector<std::pair<std::string, std::string>> extraEntities) override;

  struct Buffered {
    int64_t time;
    uint64_t seq;
    std::shared_ptr<Event> event;
    bool operator>(const Buffered& o) const { return time != o.time ? time > o.time : seq > o.seq; }
  };
  struct Fired {
    size_t index;  // into alerts_
    int64_t firstNs;
  };

  std::vector<Rule> rules_;
  const KeyTable& keys_;
  EngineOptions options_;
  std::vector<std::unique_ptr<RuleState>> states_;
  RegexIndex regexIndex_;
  std::vector<RuleGate> gates_;  // per rule, run before its condition
  std::vector<Key> stepTypes(const Rule& rule) const;
  void addToTypeLists(size_t ruleIndex, std::vector<Key> types);
  // Rules indexed by the event type they require; rules without one are in anyType_.
  // Indexed by type key (keys are small and dense); types interned after the rules were
  // loaded have no typed rules.
  using TypeIndex = std::vector<std::vector<size_t>>;
  static std::vector<size_t>& slotOf(TypeIndex& index, Key type);
  TypeIndex byType_;
  std::vector<size_t> anyType_;
  // Rules requiring one of several types, by each type; run in order with anyType_.
  TypeIndex byTypeList_;
  std::priority_queue<Buffered, std::vector<Buffered>, std::greater<>> buffer_;
  uint64_t seq_ = 0;
  int64_t newest_ = INT64_MIN;
  int64_t released_ = INT64_MIN;
  uint64_t sinceSweep_ = 0;
  // Open alerts per rule (same index as rules_), by group key.
  std::vector<std::unordered_map<std::string, Fired>> fired_;
  std::string scratch_;
  // The evidence line of the event being evaluated (the evidenceFor_-th, at evidenceOf_).
  std::string evidence_;
  const Event* evidenceOf_ = nullptr;
  uint64_t evidenceFor_ = 0;
  std::vector<Alert> alerts_;
  std::vector<bool> changed_;  // parallel to alerts_
  EngineStats stats_;
};

}  // namespace bulwark::detect
