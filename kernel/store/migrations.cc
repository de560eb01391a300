#include "store/migrations.h"

namespace bulwark {

const std::vector<std::string>& schemaMigrations() {
  static const std::vector<std::string> migrations = {
      // 1: scans, the resources each scan saw, results and plugin runs.
      R"sql(
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
)sql",
      // 2: assessment metadata kept with each scan (reports of old scans stay complete),
      // inventory and plugin problems, and plugin run timings.
      R"sql(
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
)sql",
      // 3: quick-fix commands and compliance mappings of each assessment.
      R"sql(
ALTER TABLE scan_assessments ADD COLUMN quick_fix TEXT NOT NULL DEFAULT '';
ALTER TABLE scan_assessments ADD COLUMN compliance TEXT NOT NULL DEFAULT '[]';
)sql",
      // 4: threat detection alerts, and follow-mode read positions. The fingerprint (rule, group,
      // first event time) makes a
      // re-run over the same logs update an alert instead of duplicating it.
      R"sql(
CREATE TABLE alerts (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  fingerprint TEXT NOT NULL UNIQUE,
  rule_id TEXT NOT NULL,
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  severity TEXT NOT NULL,
  tactic TEXT NOT NULL DEFAULT '',
  technique TEXT NOT NULL DEFAULT '',
  remediation TEXT NOT NULL DEFAULT '',
  resource_id TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'new'
    CHECK (status IN ('new', 'active', 'resolved', 'dismissed')),
  first_seen TEXT NOT NULL,
  last_seen TEXT NOT NULL,
  event_count INTEGER NOT NULL,
  entities TEXT NOT NULL DEFAULT '[]',
  evidence TEXT NOT NULL DEFAULT '[]',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX alerts_by_status ON alerts (status, last_seen);
CREATE TABLE detect_offsets (
  source TEXT PRIMARY KEY,
  inode INTEGER NOT NULL,
  byte_offset INTEGER NOT NULL,
  line INTEGER NOT NULL,
  updated_at TEXT NOT NULL
);
)sql",
      // 5: Secure Score of each scan, overall (scope '') and per subscription, and of each
      // control. Points are kept as the counts they come from (max points, healthy and
      // unhealthy resources), so reading them back gives exactly the computed score; the
      // percentage is also kept, in units of 1/10000 (Defender's 4-decimal rounding).
      R"sql(
CREATE TABLE scan_scores (
  scan_id INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
  scope_key TEXT NOT NULL,
  scope TEXT NOT NULL,
  max_points INTEGER NOT NULL,
  percentage_e4 INTEGER NOT NULL,
  PRIMARY KEY (scan_id, scope_key)
);
CREATE TABLE scan_control_scores (
  scan_id INTEGER NOT NULL REFERENCES scans(id) ON DELETE CASCADE,
  scope_key TEXT NOT NULL,
  control TEXT NOT NULL,
  max_points INTEGER NOT NULL,
  healthy_resources INTEGER NOT NULL,
  unhealthy_resources INTEGER NOT NULL,
  not_applicable_resources INTEGER NOT NULL,
  assessments TEXT NOT NULL DEFAULT '[]',
  PRIMARY KEY (scan_id, scope_key, control)
);
)sql",
      // 6: UEBA baselines per principal: what it has done, from where, and how much per hour.
      R"sql(
CREATE TABLE ueba_principals (
  principal TEXT PRIMARY KEY,
  first_seen_ns INTEGER NOT NULL,
  last_event_ns INTEGER NOT NULL,
  last_ip TEXT NOT NULL DEFAULT '',
  last_country TEXT NOT NULL DEFAULT '',
  last_located_ns INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE ueba_seen (
  principal TEXT NOT NULL REFERENCES ueba_principals (principal) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('operation', 'ip', 'country')),
  value TEXT NOT NULL,
  first_seen_ns INTEGER NOT NULL,
  last_seen_ns INTEGER NOT NULL,
  PRIMARY KEY (principal, kind, value)
);
CREATE TABLE ueba_hours (
  principal TEXT NOT NULL REFERENCES ueba_principals (principal) ON DELETE CASCADE,
  hour INTEGER NOT NULL,
  events INTEGER NOT NULL,
  deletions INTEGER NOT NULL,
  PRIMARY KEY (principal, hour)
);
)sql",
      // 7: suppression rules, and the 'suppressed' alert status (SQLite cannot widen a CHECK
      // in place, so the alerts table is rebuilt with the same rows).
      R"sql(
CREATE TABLE suppression_rules (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  rule_pattern TEXT NOT NULL,
  entity_type TEXT NOT NULL DEFAULT '',
  entity_value TEXT NOT NULL DEFAULT '',
  reason TEXT NOT NULL,
  expires_at TEXT,
  created_at TEXT NOT NULL
);
CREATE TABLE alerts_v6 (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  fingerprint TEXT NOT NULL UNIQUE,
  rule_id TEXT NOT NULL,
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  severity TEXT NOT NULL,
  tactic TEXT NOT NULL DEFAULT '',
  technique TEXT NOT NULL DEFAULT '',
  remediation TEXT NOT NULL DEFAULT '',
  resource_id TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'new'
    CHECK (status IN ('new', 'active', 'resolved', 'dismissed', 'suppressed')),
  first_seen TEXT NOT NULL,
  last_seen TEXT NOT NULL,
  event_count INTEGER NOT NULL,
  entities TEXT NOT NULL DEFAULT '[]',
  evidence TEXT NOT NULL DEFAULT '[]',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  suppressed_by TEXT NOT NULL DEFAULT ''
);
INSERT INTO alerts_v6 (id, fingerprint, rule_id, title, description, severity, tactic, technique,
  remediation, resource_id, status, first_seen, last_seen, event_count, entities, evidence,
  created_at, updated_at)
SELECT id, fingerprint, rule_id, title, description, severity, tactic, technique, remediation,
  resource_id, status, first_seen, last_seen, event_count, entities, evidence, created_at,
  updated_at FROM alerts;
DROP TABLE alerts;
ALTER TABLE alerts_v6 RENAME TO alerts;
CREATE INDEX alerts_by_status ON alerts (status, last_seen);
)sql",
      // 8: detection plans per plugin and scope; the standard trial's start is kept here.
      R"sql(
CREATE TABLE plans (
  plugin TEXT NOT NULL,
  scope TEXT NOT NULL,
  plan TEXT NOT NULL CHECK (plan IN ('free', 'standard', 'trial')),
  trial_started_at TEXT,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (plugin, scope)
);
)sql",
      // 9: container image scan status per image digest (Unscanned, Scan in progress, Scan
      // error, Completed) with the last completed result and the vulnerability database import
      // time it was matched against.
      R"sql(
CREATE TABLE image_scans (
  digest TEXT PRIMARY KEY,
  reference TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('unscanned', 'in-progress', 'error', 'completed')),
  reason TEXT NOT NULL DEFAULT '',
  updated_at TEXT NOT NULL,
  scanned_at TEXT NOT NULL DEFAULT '',
  vulndb_imported_at TEXT NOT NULL DEFAULT '',
  packages INTEGER NOT NULL DEFAULT 0,
  findings INTEGER NOT NULL DEFAULT 0,
  result TEXT NOT NULL DEFAULT ''
);
)sql",
      // 10: UEBA per storage account: bytes read out per hour, the extraction baseline.
      R"sql(
ALTER TABLE ueba_hours ADD COLUMN bytes_out INTEGER NOT NULL DEFAULT 0;
)sql",
      // 11: plugin-scoped persistent state (the ABI 1.2 host service): keys and values that
      // only their plugin reads. Image scan statuses were the kernel's own table (9) before
      // image scanning moved into the containers plugin; they become that plugin's state
      // (key "image/<digest>", the status as a JSON object) and the old table is left as it was.
      R"sql(
CREATE TABLE plugin_state (
  plugin TEXT NOT NULL,
  key TEXT NOT NULL,
  value BLOB NOT NULL,
  updated_ns INTEGER NOT NULL,
  PRIMARY KEY (plugin, key)
) WITHOUT ROWID;
INSERT INTO plugin_state (plugin, key, value, updated_ns)
SELECT 'containers', 'image/' || digest,
  json_object('digest', digest, 'reference', reference, 'state', state, 'reason', reason,
              'updatedAt', updated_at, 'scannedAt', scanned_at,
              'vulndbImportedAt', vulndb_imported_at, 'packages', packages,
              'findings', findings, 'result', result),
  coalesce(CAST(round((julianday(updated_at) - 2440587.5) * 86400000) AS INTEGER), 0) * 1000000
FROM image_scans;
)sql",
  };
  return migrations;
}

}  // namespace bulwark
