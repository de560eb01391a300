#include "detect/engine.h"

#include <algorithm>

#include "util/time.h"

namespace bulwark::detect {
namespace {

constexpr uint64_t kSweepEvery = 8192;

}  // namespace

Engine::Engine(std::vector<Rule> rules, const KeyTable& keys, EngineOptions options)
    : rules_(std::move(rules)), keys_(keys), options_(options) {
  StateLimits limits{options_.maxGroupsPerRule, options_.evidenceLines};
  fired_.resize(rules_.size());
  regexIndex_.build(rules_);
  for (size_t i = 0; i < rules_.size(); ++i) {
    states_.push_back(makeRuleState(rules_[i], keys_, limits));
    indexByType(i);
    gates_.push_back(RuleGate::forCondition(rules_[i].match));
  }
}

// The types a rule can act on when its match names none: a sequence whose every step
// requires a type acts only on events of those types.
std::vector<Key> Engine::stepTypes(const Rule& rule) const {
  std::vector<Key> types;
  if (rule.form != RuleForm::Sequence || !rule.match.empty()) return types;
  for (const auto& step : rule.steps) {
    auto some = step.match.requiredTypes(keys_);
    if (some.empty()) return {};
    types.insert(types.end(), some.begin(), some.end());
  }
  return types;
}

// A rule whose match requires `type` to equal a value (the loader interns them) is only
// looked at for events of that type. Rules listing several types run where they always ran,
// among the untyped rules in rule order, but only for events of one of their types.
void Engine::indexByType(size_t ruleIndex) {
  if (auto types = rules_[ruleIndex].match.requiredTypes(keys_); types.size() == 1) {
    slotOf(byType_, types[0]).push_back(ruleIndex);
    return;
  } else if (!types.empty()) {
    addToTypeLists(ruleIndex, std::move(types));
    return;
  }
  if (auto types = stepTypes(rules_[ruleIndex]); !types.empty()) {
    addToTypeLists(ruleIndex, std::move(types));
    return;
  }
  anyType_.push_back(ruleIndex);
}

void Engine::addToTypeLists(size_t ruleIndex, std::vector<Key> types) {
  std::sort(types.begin(), types.end());
  types.erase(std::unique(types.begin(), types.end()), types.end());
  for (Key type : types)
    slotOf(byTypeList_, type).push_back(ruleIndex);
}

Engine::~Engine() = default;

std::vector<size_t>& Engine::slotOf(TypeIndex& index, Key type) {
  if (type >= index.size()) index.resize(type + 1);
  return index[type];
}

void Engine::push(Event&& event) {
  if (options_.reorderWindowNs <= 0) {
    if (event.timeNs < released_) ++stats_.lateEvents;
    released_ = std::max(released_, event.timeNs);
    evaluate(event);
    return;
  }
  newest_ = std::max(newest_, event.timeNs);
  if (event.timeNs < released_) {
    ++stats_.lateEvents;
    evaluate(event);
    return;
  }
  int64_t t = event.timeNs;
  buffer_.push(Buffered{t, seq_++, std::make_shared<Event>(std::move(event))});
  const int64_t watermark = newest_ - options_.reorderWindowNs;
  while (!buffer_.empty() && buffer_.top().time <= watermark) {
    auto next = buffer_.top().event;
    buffer_.pop();
    released_ = std::max(released_, next->timeNs);
    evaluate(*next);
  }
}

void Engine::flush() {
  while (!buffer_.empty()) {
    auto next = buffer_.top().event;
    buffer_.pop();
    released_ = std::max(released_, next->timeNs);
    evaluate(*next);
  }
}

void Engine::evaluate(const Event& e) {
  ++stats_.events;
  regexIndex_.startEvent();
  const FieldPresence present(e);
  auto run = [&](size_t i) {
    const Rule& r = rules_[i];
    if (!gates_[i].mayPass(e, present, keys_, regexIndex_)) return;
    if (!r.match.matches(e, keys_, &regexIndex_)) return;
    for (const auto& ex : r.exceptions) {
      if (ex.matches(e, keys_, &regexIndex_)) return;
    }
    states_[i]->observe(e, *this);
  };
  if (e.type < byType_.size()) {
    for (size_t i : byType_[e.type])
      run(i);
  }
  if (e.type >= byTypeList_.size() || byTypeList_[e.type].empty()) {
    for (size_t i : anyType_)
      run(i);
  } else {
    // Both lists ascend by rule index: merged, they keep rule order.
    const auto& more = byTypeList_[e.type];
    size_t a = 0, b = 0;
    while (a < anyType_.size() || b < more.size()) {
      if (b == more.size() || (a < anyType_.size() && anyType_[a] < more[b]))
        run(anyType_[a++]);
      else
        run(more[b++]);
    }
  }
  if (++sinceSweep_ >= kSweepEvery) {
    sinceSweep_ = 0;
    sweep(released_);
  }
}

void Engine::sweep(int64_t nowNs) {
  for (auto& s : states_)
    s->sweep(nowNs);
  for (size_t r = 0; r < rules_.size(); ++r) {
    auto& open = fired_[r];
    for (auto it = open.begin(); it != open.end();) {
      if (it->second.firstNs < nowNs - rules_[r].dedupNs)
        it = open.erase(it);
      else
        ++it;
    }
  }
}

bool Engine::isOpen(const Rule& rule, const std::string& groupKey, int64_t timeNs) {
  const auto& open = fired_[static_cast<size_t>(&rule - rules_.data())];
  auto it = open.find(groupKey);
  return it != open.end() && timeNs - it->second.firstNs <= rule.dedupNs;
}

const std::string& Engine::evidenceLine(const Event& e) {
  if (evidenceOf_ != &e || evidenceFor_ != stats_.events) {
    writeEvidenceLine(e, evidence_);
    evidenceOf_ = &e;
    evidenceFor_ = stats_.events;
  }
  return evidence_;
}

bool Engine::mergeIfOpen(const Rule& rule, const std::string& groupKey, const Event& trigger,
                         const std::string& evidenceLine) {
  const auto& open = fired_[static_cast<size_t>(&rule - rules_.data())];
  auto it = open.find(groupKey);
  if (it == open.end() || trigger.timeNs - it->second.firstNs > rule.dedupNs) return false;
  Alert& a = alerts_[it->second.index];
  a.lastNs = std::max(a.lastNs, trigger.timeNs);
  a.eventCount += 1;
  changed_[it->second.index] = true;
  if (a.evidence.size() >= options_.evidenceLines) {
    scratch_ = std::move(a.evidence.front());
    a.evidence.erase(a.evidence.begin());
  }
  scratch_.assign(evidenceLine);
  a.evidence.push_back(std::move(scratch_));
  return true;
}

void Engine::raise(const Rule& rule, const std::string& groupKey, const Event& trigger,
                   int64_t firstNs, uint64_t eventCount, std::vector<std::string> evidence,
                   std::vector<std::pair<std::string, std::string>> extraEntities) {
  auto& open = fired_[static_cast<size_t>(&rule - rules_.data())];
  if (isOpen(rule, groupKey, trigger.timeNs)) {
    Alert& a = alerts_[open.at(groupKey).index];
    changed_[open.at(groupKey).index] = true;
    a.lastNs = std::max(a.lastNs, trigger.timeNs);
    a.eventCount += 1;
    std::string line = evidence.empty() ? std::string() : evidence.back();
    if (!line.empty() &&
        std::find(a.evidence.begin(), a.evidence.end(), line) == a.evidence.end()) {
      if (a.evidence.size() >= options_.evidenceLines) a.evidence.erase(a.evidence.begin());
      a.evidence.push_back(line);
    }
    for (auto& entity : extraEntities) {
      if (std::find(a.entities.begin(), a.entities.end(), entity) == a.entities.end() &&
          a.entities.size() < 60)
        a.entities.push_back(std::move(entity));
    }
    return;
  }
  Alert a;
  a.ruleId = rule.id;
  a.title = rule.title;
  a.description = rule.description;
  a.severity = rule.severity;
  a.tactic = rule.tactic;
  a.technique = rule.technique;
  a.remediation = rule.remediation;
  a.resourceId = trigger.resourceId;
  a.firstNs = firstNs;
  a.lastNs = trigger.timeNs;
  a.eventCount = eventCount;
  auto addEntity = [&](Key k) {
    std::string_view v = trigger.get(k, keys_);
    std::pair<std::string, std::string> entity(keys_.text(k), v);
    if (!v.empty() && std::find(a.entities.begin(), a.entities.end(), entity) == a.entities.end())
      a.entities.push_back(std::move(entity));
  };
  for (Key k : rule.groupBy)
    addEntity(k);
  for (Key k : rule.entities)
    addEntity(k);
  for (auto& entity : extraEntities) {
    if (std::find(a.entities.begin(), a.entities.end(), entity) == a.entities.end())
      a.entities.push_back(std::move(entity));
  }
  a.evidence = std::move(evidence);
  a.fingerprint = rule.id + "|" + groupKey + "|" + formatIso8601(firstNs);
  for (char& c : a.fingerprint) {
    if (c == '\x1f') c = ',';
  }
  open[groupKey] = Fired{alerts_.size(), trigger.timeNs};
  alerts_.push_back(std::move(a));
  changed_.push_back(true);
}

std::vector<Alert> Engine::drainChangedAlerts() {
  std::vector<Alert> out;
  for (size_t i = 0; i < alerts_.size(); ++i) {
    if (changed_[i]) out.push_back(alerts_[i]);
  }
  sweep(released_);
  std::vector<Alert> kept;
  for (auto& open : fired_) {
    for (auto& [key, fired] : open) {
      kept.push_back(std::move(alerts_[fired.index]));
      fired.index = kept.size() - 1;
    }
  }
  alerts_ = std::move(kept);
  changed_.assign(alerts_.size(), false);
  return out;
}

std::vector<Alert> Engine::takeFinishedAlerts() {
  sweep(released_);
  std::vector<bool> open(alerts_.size(), false);
  for (const auto& byGroup : fired_) {
    for (const auto& [key, fired] : byGroup)
      open[fired.index] = true;
  }
  size_t done = 0;
  while (done < alerts_.size() && !open[done])
    ++done;
  if (done == 0) return {};
  std::vector<Alert> out(std::make_move_iterator(alerts_.begin()),
                         std::make_move_iterator(alerts_.begin() + static_cast<ptrdiff_t>(done)));
  alerts_.erase(alerts_.begin(), alerts_.begin() + static_cast<ptrdiff_t>(done));
  changed_.erase(changed_.begin(), changed_.begin() + static_cast<ptrdiff_t>(done));
  for (auto& byGroup : fired_) {
    for (auto& [key, fired] : byGroup)
      fired.index -= done;
  }
  return out;
}

EngineStats Engine::stats() const {
  EngineStats s = stats_;
  for (const auto& st : states_)
    s.droppedGroups += st->droppedGroups();
  return s;
}

size_t Engine::stateSize() const {
  size_t n = buffer_.size();
  for (const auto& open : fired_)
    n += open.size();
  for (const auto& s : states_)
    n += s->groups();
  return n;
}

}  // namespace bulwark::detect
