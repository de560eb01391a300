#include "detect/incidents.h"

#include <algorithm>
#include <map>
#include <numeric>
#include <set>

#include "detect/rules/rule.h"

namespace bulwark::detect {
namespace {

int severityRank(const std::string& s) {
  return s == "High" ? 3 : s == "Medium" ? 2 : s == "Low" ? 1 : 0;
}

struct DisjointSets {
  std::vector<size_t> parent;
  explicit DisjointSets(size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0); }
  size_t find(size_t x) {
    while (parent[x] != x)
      x = parent[x] = parent[parent[x]];
    return x;
  }
  void join(size_t a, size_t b) { parent[find(a)] = find(b); }
};

}  // namespace

std::vector<Incident> correlate(const std::vector<Alert>& alerts,
                                const CorrelationOptions& options) {
  std::set<std::string> linking(options.entityTypes.begin(), options.entityTypes.end());
  // Alerts per entity, sorted by time: neighbours closer than the gap are linked.
  std::map<std::pair<std::string, std::string>, std::vector<size_t>> byEntity;
  for (size_t i = 0; i < alerts.size(); ++i) {
    std::set<std::pair<std::string, std::string>> mine;
    for (const auto& [type, value] : alerts[i].entities) {
      if (linking.count(type))
        mine.emplace(type == "rhost" || type == "src_host" ? "ip" : type, value);
    }
    if (linking.count("resource") && !alerts[i].resourceId.empty())
      mine.emplace("resource", alerts[i].resourceId);
    for (const auto& entity : mine)
      byEntity[entity].push_back(i);
  }
  DisjointSets sets(alerts.size());
  std::map<size_t, std::set<std::pair<std::string, std::string>>> shared;
  for (auto& [entity, members] : byEntity) {
    std::sort(members.begin(), members.end(),
              [&](size_t a, size_t b) { return alerts[a].firstNs < alerts[b].firstNs; });
    int64_t reach = alerts[members[0]].lastNs;
    for (size_t k = 1; k < members.size(); ++k) {
      const Alert& next = alerts[members[k]];
      if (next.firstNs - reach <= options.gapNs) {
        sets.join(members[k - 1], members[k]);
        shared[members[k]].insert(entity);
        shared[members[k - 1]].insert(entity);
      }
      reach = std::max(reach, next.lastNs);
    }
  }
  std::map<size_t, Incident> byRoot;
  for (size_t i = 0; i < alerts.size(); ++i) {
    Incident& inc = byRoot[sets.find(i)];
    inc.timeline.push_back(&alerts[i]);
    for (const auto& e : shared[i]) {
      if (std::find(inc.sharedEntities.begin(), inc.sharedEntities.end(), e) ==
          inc.sharedEntities.end())
        inc.sharedEntities.push_back(e);
    }
  }
  std::vector<Incident> out;
  for (auto& [root, inc] : byRoot) {
    std::sort(inc.timeline.begin(), inc.timeline.end(), [](const Alert* a, const Alert* b) {
      if (a->firstNs != b->firstNs) return a->firstNs < b->firstNs;
      return killChainStage(a->tactic) < killChainStage(b->tactic);
    });
    inc.firstNs = inc.timeline.front()->firstNs;
    inc.lastNs = inc.timeline.front()->lastNs;
    for (const Alert* a : inc.timeline) {
      inc.lastNs = std::max(inc.lastNs, a->lastNs);
      if (severityRank(a->severity) > severityRank(inc.severity) || inc.severity.empty())
        inc.severity = a->severity;
      if (!a->tactic.empty() &&
          std::find(inc.tactics.begin(), inc.tactics.end(), a->tactic) == inc.tactics.end())
        inc.tactics.push_back(a->tactic);
    }
    std::sort(inc.tactics.begin(), inc.tactics.end(),
              [](const auto& a, const auto& b) { return killChainStage(a) < killChainStage(b); });
    out.push_back(std::move(inc));
  }
  std::sort(out.begin(), out.end(),
            [](const Incident& a, const Incident& b) { return a.firstNs < b.firstNs; });
  return out;
}

}  // namespace bulwark::detect
