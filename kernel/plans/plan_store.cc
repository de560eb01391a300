#include "plans/plan_store.h"

#include <sqlite3.h>

#include <stdexcept>

#include "plans/plan_schema.h"
#include "store/schema.h"
#include "store/store.h"
#include "util/sqlite_statement.h"
#include "util/time.h"

namespace bulwark::plans {

PlanStore::PlanStore(const std::string& path) : path_(path) {
  db_ = openStore(path, {&plansSchema()});
}

PlanStore::~PlanStore() {
  sqlite3_close(db_);
}

std::vector<PlanRecord> PlanStore::list() const {
  Statement s(db_,
              "SELECT plugin, scope, plan, trial_started_at FROM plans ORDER BY plugin, scope");
  std::vector<PlanRecord> out;
  while (s.step()) {
    PlanRecord r{s.text(0), s.text(1), s.text(2), std::nullopt};
    if (auto t = parseIso8601(s.text(3))) r.trialStartNs = *t;
    out.push_back(std::move(r));
  }
  return out;
}

void PlanStore::set(const std::string& plugin, const std::string& scope, const std::string& plan,
                    int64_t nowNs) {
  if (!isPlan(plan))
    throw std::invalid_argument("plan must be free, standard or trial, not '" + plan + "'");
  if (plugin.empty()) throw std::invalid_argument("a plan needs a plugin id");
  // trial_started_at survives every change of plan: a trial is given once per plugin/scope.
  Statement s(db_,
              "INSERT INTO plans (plugin, scope, plan, trial_started_at, updated_at) "
              "VALUES (?1, ?2, ?3, CASE WHEN ?3 = 'trial' THEN ?4 END, ?4) "
              "ON CONFLICT(plugin, scope) DO UPDATE SET plan = excluded.plan, "
              "trial_started_at = coalesce(plans.trial_started_at, excluded.trial_started_at), "
              "updated_at = excluded.updated_at");
  s.bind(1, plugin).bind(2, scope).bind(3, plan).bind(4, formatIso8601(nowNs));
  s.run();
}

EffectivePlan PlanStore::effective(const std::string& plugin, const std::string& scope,
                                   int64_t nowNs) {
  EffectivePlan plan = resolvePlan(list(), plugin, scope, nowNs);
  if (!plan.plan.empty()) return plan;
  set(plugin, "/", "trial", nowNs);
  return resolvePlan(list(), plugin, scope, nowNs);
}

}  // namespace bulwark::plans
