// Per-rule state of the engine: one class per rule form. Each keeps its groups in a hash map
// and forgets groups idle for longer than the rule's window (sweep), so memory stays bounded
// on endless streams.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "detect/event.h"
#include "detect/rules/rule.h"

namespace bulwark::detect {

// Receives what a rule state decides to raise; the engine deduplicates.
class AlertSink {
 public:
  virtual ~AlertSink() = default;
  // True when an alert of `rule` for `groupKey` is open (within its dedup window) at `timeNs`.
  virtual bool isOpen(const Rule& rule, const std::string& groupKey, int64_t timeNs) = 0;
  // When that alert is open at the trigger's time, adds the trigger to it (with its evidence
  // line, formatted by the state already) and returns true; the state then skips raise().
  virtual bool mergeIfOpen(const Rule& rule, const std::string& groupKey, const Event& trigger,
                           const std::string& evidenceLine) = 0;
  // The evidence line of `e` ("file:line: raw"), formatted once however many rules keep it.
  virtual const std::string& evidenceLine(const Event& e) = 0;
  virtual void raise(const Rule& rule, const std::string& groupKey, const Event& trigger,
                     int64_t firstNs, uint64_t eventCount, std::vector<std::string> evidence,
                     std::vector<std::pair<std::string, std::string>> extraEntities) = 0;
};

// The newest evidence lines of a group, oldest first. Full, a new line reuses the buffer of
// the oldest, and clear() keeps the buffers: adding allocates nothing once the ring has grown.
// `limit` must be the same on every add.
class EvidenceRing {
 public:
  // Adds `line` as the newest, dropping the oldest beyond `limit`.
  const std::string& add(std::string_view line, size_t limit);
  bool empty() const { return used_ == 0; }
  void clear() {
    used_ = 0;
    next_ = 0;
  }
  std::vector<std::string> lines() const;

 private:
  std::vector<std::string> lines_;  // buffers; the first used_ hold lines
  size_t used_ = 0;
  size_t next_ = 0;  // full: where the next line goes (the oldest); else 0
};

struct StateLimits {
  size_t maxGroups = 100000;  // per rule; new groups beyond it are dropped and counted
  size_t evidenceLines = 20;  // per group
};

class RuleState {
 public:
  RuleState(const Rule& rule, const KeyTable& keys, const StateLimits& limits)
      : rule_(rule), keys_(keys), limits_(limits) {}
  virtual ~RuleState() = default;
  // Called for an event that passed the rule's match and exceptions.
  virtual void observe(const Event& e, AlertSink& sink) = 0;
  // Forgets groups whose newest event is older than `cutoffNs`.
  virtual void sweep(int64_t cutoffNs) = 0;
  virtual size_t groups() const = 0;
  uint64_t droppedGroups() const { return dropped_; }

 protected:
  // The group key of `e` over `fields`; false when a field is missing.
  bool groupKey(const Event& e, const std::vector<Key>& fields, std::string& out) const;
  const std::string& addEvidence(EvidenceRing& evidence, const Event& e, AlertSink& sink) const {
    return evidence.add(sink.evidenceLine(e), limits_.evidenceLines);
  }
  bool roomForGroup(size_t current) {
    if (current < limits_.maxGroups) return true;
    ++dropped_;
    return false;
  }

  const Rule& rule_;
  const KeyTable& keys_;
  StateLimits limits_;
  uint64_t dropped_ = 0;
};

// "file:line: raw" into `out` (reusing its buffer).
void writeEvidenceLine(const Event& e, std::string& out);

std::unique_ptr<RuleState> makeRuleState(const Rule& rule, const KeyTable& keys,
                                         const StateLimits& limits);

// One file per form.
std::unique_ptr<RuleState> makeSingleState(const Rule&, const KeyTable&, const StateLimits&);
std::unique_ptr<RuleState> makeThresholdState(const Rule&, const KeyTable&, const StateLimits&);
std::unique_ptr<RuleState> makeSequenceState(const Rule&, const KeyTable&, const StateLimits&);
std::unique_ptr<RuleState> makeDistributedState(const Rule&, const KeyTable&, const StateLimits&);

}  // namespace bulwark::detect
