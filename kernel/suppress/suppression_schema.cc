#include "suppress/suppression_schema.h"

namespace bulwark::suppress {

const SchemaPart& suppressionsSchema() {
  static const SchemaPart part{"suppressions",
                               {},
                               {
                                   // 1: rules by alert type and entity, with expiry.
                                   {R"sql(
CREATE TABLE suppression_rules (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  rule_pattern TEXT NOT NULL,
  entity_type TEXT NOT NULL DEFAULT '',
  entity_value TEXT NOT NULL DEFAULT '',
  reason TEXT NOT NULL,
  expires_at TEXT,
  created_at TEXT NOT NULL
);
)sql"},
                               }};
  return part;
}

}  // namespace bulwark::suppress
