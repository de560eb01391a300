#include "detect/alert_schema.h"

namespace bulwark::detect {

const SchemaPart& alertsSchema() {
  static const SchemaPart part{
      "alerts",
      {},
      {
          // 1: alerts. The fingerprint (rule, group, first event time) makes a re-run over the
          // same logs update an alert instead of duplicating it.
          {R"sql(
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
)sql"},
          // 2: the 'suppressed' status (SQLite cannot widen a CHECK in place, so the table is
          // rebuilt with the same rows).
          {R"sql(
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
)sql"},
      }};
  return part;
}

const SchemaPart& detectOffsetsSchema() {
  static const SchemaPart part{"detect-offsets",
                               {},
                               {
                                   // 1: where follow mode stopped reading each source.
                                   {R"sql(
CREATE TABLE detect_offsets (
  source TEXT PRIMARY KEY,
  inode INTEGER NOT NULL,
  byte_offset INTEGER NOT NULL,
  line INTEGER NOT NULL,
  updated_at TEXT NOT NULL
);
)sql"},
                               }};
  return part;
}

}  // namespace bulwark::detect
