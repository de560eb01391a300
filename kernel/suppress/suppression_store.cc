#include "suppress/suppression_store.h"

#include <sqlite3.h>

#include "store/schema.h"
#include "store/store.h"
#include "suppress/suppression_schema.h"
#include "util/sqlite_statement.h"
#include "util/time.h"

namespace bulwark::suppress {

SuppressionStore::SuppressionStore(const std::string& path) : path_(path) {
  db_ = openStore(path, {&suppressionsSchema()});
}

SuppressionStore::~SuppressionStore() {
  sqlite3_close(db_);
}

SuppressionRule SuppressionStore::add(SuppressionRule r) {
  validate(r);
  Statement insert(db_,
                   "INSERT INTO suppression_rules (rule_pattern, entity_type, entity_value, "
                   "reason, expires_at, created_at) VALUES (?, ?, ?, ?, ?, ?)");
  insert.bind(1, r.rulePattern)
      .bind(2, r.entityType)
      .bind(3, r.entityValue)
      .bind(4, r.reason)
      .bind(5, r.expiresNs ? formatIso8601(*r.expiresNs) : std::string())
      .bind(6, formatIso8601(r.createdNs));
  insert.run();
  r.id = sqlite3_last_insert_rowid(db_);
  return r;
}

std::vector<SuppressionRule> SuppressionStore::list() const {
  Statement s(db_,
              "SELECT id, rule_pattern, entity_type, entity_value, reason, expires_at, "
              "created_at FROM suppression_rules ORDER BY id");
  std::vector<SuppressionRule> out;
  while (s.step()) {
    SuppressionRule r;
    r.id = s.integer(0);
    r.rulePattern = s.text(1);
    r.entityType = s.text(2);
    r.entityValue = s.text(3);
    r.reason = s.text(4);
    if (auto t = parseIso8601(s.text(5))) r.expiresNs = *t;
    r.createdNs = parseIso8601(s.text(6)).value_or(0);
    out.push_back(std::move(r));
  }
  return out;
}

bool SuppressionStore::remove(int64_t id) {
  Statement s(db_, "DELETE FROM suppression_rules WHERE id = ?");
  s.bind(1, id);
  s.run();
  return sqlite3_changes(db_) > 0;
}

}  // namespace bulwark::suppress
