#include "plans/plan_schema.h"

namespace bulwark::plans {

const SchemaPart& plansSchema() {
  static const SchemaPart part{
      "plans",
      {},
      {
          // 1: detection plans per plugin and scope; the standard trial's start is kept here.
          {R"sql(
CREATE TABLE plans (
  plugin TEXT NOT NULL,
  scope TEXT NOT NULL,
  plan TEXT NOT NULL CHECK (plan IN ('free', 'standard', 'trial')),
  trial_started_at TEXT,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (plugin, scope)
);
)sql"},
      }};
  return part;
}

}  // namespace bulwark::plans
