#include "store/scans_schema.h"

namespace bulwark {

const SchemaPart& scansSchema() {
  static const SchemaPart part{
      "scans",
      {},
      {
          // 1: scans, the resources each scan saw, results and plugin runs.
          {R"sql(
CREATE TABLE scans (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  status TEXT NOT NULL,
  scopes TEXT NOT NULL,
  config_file TEXT,
  kernel_version TEXT NOT NULL
);
CREATE TABLE scan_resources (
  scan_id INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
  resource_key TEXT NOT NULL,
  resource_id TEXT NOT NULL,
  type TEXT NOT NULL,
  name TEXT,
  location TEXT,
  subscription_id TEXT,
  resource_group TEXT,
  plugin_id TEXT NOT NULL,
  document TEXT NOT NULL,
  PRIMARY KEY (scan_id, resource_key)
);
CREATE TABLE assessment_results (
  scan_id INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
  resource_id TEXT NOT NULL,
  assessment_id TEXT NOT NULL,
  plugin_id TEXT NOT NULL,
  state TEXT NOT NULL,
  reason TEXT,
  evidence TEXT,
  PRIMARY KEY (scan_id, resource_id, assessment_id)
);
CREATE TABLE plugin_runs (
  scan_id INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
  plugin_id TEXT NOT NULL,
  plugin_version TEXT,
  abi_version TEXT,
  phase TEXT NOT NULL,
  target TEXT,
  status TEXT NOT NULL,
  message TEXT
);
)sql"},
          // 2: assessment metadata kept with each scan (reports of old scans stay complete),
          // inventory and plugin problems, and plugin run timings.
          {R"sql(
CREATE TABLE scan_assessments (
  scan_id INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
  assessment_id TEXT NOT NULL,
  plugin_id TEXT NOT NULL,
  title TEXT NOT NULL,
  resource_type TEXT NOT NULL,
  severity TEXT NOT NULL,
  control TEXT,
  description TEXT,
  remediation TEXT,
  policy_definition_id TEXT,
  PRIMARY KEY (scan_id, assessment_id)
);
CREATE TABLE scan_problems (
  scan_id INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  location TEXT,
  message TEXT NOT NULL
);
ALTER TABLE plugin_runs ADD COLUMN duration_ms INTEGER NOT NULL DEFAULT 0;
CREATE INDEX assessment_results_by_assessment ON assessment_results (scan_id, assessment_id);
)sql"},
          // 3: quick-fix commands and compliance mappings of each assessment.
          {R"sql(
ALTER TABLE scan_assessments ADD COLUMN quick_fix TEXT NOT NULL DEFAULT '';
ALTER TABLE scan_assessments ADD COLUMN compliance TEXT NOT NULL DEFAULT '[]';
)sql"},
      }};
  return part;
}

}  // namespace bulwark
