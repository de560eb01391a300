#include "ueba/baseline_schema.h"

namespace bulwark::ueba {

const SchemaPart& baselinesSchema() {
  static const SchemaPart part{
      "ueba",
      {},
      {
          // 1: what each principal has done, from where, and how much per hour.
          {R"sql(
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
)sql"},
          // 2: bytes read out per hour, the extraction baseline.
          {R"sql(
ALTER TABLE ueba_hours ADD COLUMN bytes_out INTEGER NOT NULL DEFAULT 0;
)sql"},
      }};
  return part;
}

}  // namespace bulwark::ueba
