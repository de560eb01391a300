#include "pluginstate/plugin_state_schema.h"

#include <sqlite3.h>

#include "util/sqlite_statement.h"

namespace bulwark::pluginstate {
namespace {

// Image scan statuses become the containers plugin's state: key "image/<digest>", the status
// as a JSON object.
void adoptImageScans(sqlite3* db) {
  Statement exists(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'image_scans'");
  if (!exists.step()) return;
  execSql(db, R"sql(INSERT INTO plugin_state (plugin, key, value, updated_ns)
SELECT 'containers', 'image/' || digest,
  json_object('digest', digest, 'reference', reference, 'state', state, 'reason', reason,
              'updatedAt', updated_at, 'scannedAt', scanned_at,
              'vulndbImportedAt', vulndb_imported_at, 'packages', packages,
              'findings', findings, 'result', result),
  coalesce(CAST(round((julianday(updated_at) - 2440587.5) * 86400000) AS INTEGER), 0) * 1000000
FROM image_scans
WHERE true
ON CONFLICT (plugin, key) DO UPDATE SET value = excluded.value, updated_ns = excluded.updated_ns
WHERE excluded.updated_ns > plugin_state.updated_ns;
)sql");
}

}  // namespace

const SchemaPart& pluginStateSchema() {
  static const SchemaPart part{
      "plugin-state",
      {},
      {
          // 1: keys and values each plugin keeps (the ABI 1.2 state service).
          {R"sql(
CREATE TABLE plugin_state (
  plugin TEXT NOT NULL,
  key TEXT NOT NULL,
  value BLOB NOT NULL,
  updated_ns INTEGER NOT NULL,
  PRIMARY KEY (plugin, key)
) WITHOUT ROWID;
)sql"},
          // 2: the kernel's image scan statuses, from stores that have them.
          {nullptr, &adoptImageScans},
          // 3: again, for stores whose kernel went on writing that table after 2 (the releases
          // before image scanning moved into the containers plugin): newer rows win.
          {nullptr, &adoptImageScans},
      }};
  return part;
}

const SchemaPart& imageScansSchema() {
  static const SchemaPart part{
      "image-scans",
      {},
      {
          // 1: scan status per image digest, with the last completed result.
          {R"sql(
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
)sql"},
      }};
  return part;
}

}  // namespace bulwark::pluginstate
