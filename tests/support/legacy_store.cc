#include "support/legacy_store.h"

#include <sqlite3.h>

#include <map>
#include <stdexcept>

#include "detect/alert_schema.h"
#include "plans/plan_schema.h"
#include "pluginstate/plugin_state_schema.h"
#include "score/score_schema.h"
#include "store/legacy_schema.h"
#include "store/scans_schema.h"
#include "store/schema.h"
#include "suppress/suppression_schema.h"
#include "ueba/baseline_schema.h"

namespace bulwark::test {

void writeLegacyStore(const std::string& path, int version) {
  const std::map<std::string, const SchemaPart*> parts = {
      {"scans", &scansSchema()},
      {"alerts", &detect::alertsSchema()},
      {"detect-offsets", &detect::detectOffsetsSchema()},
      {"scores", &scoresSchema()},
      {"ueba", &ueba::baselinesSchema()},
      {"suppressions", &suppress::suppressionsSchema()},
      {"plans", &plans::plansSchema()},
      {"image-scans", &pluginstate::imageScansSchema()},
      {"plugin-state", &pluginstate::pluginStateSchema()},
  };
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) throw std::runtime_error("cannot open " + path);
  std::map<std::string, size_t> applied;
  try {
    for (const auto& step : legacySteps()) {
      if (step.version > version) break;
      const SchemaPart& part = *parts.at(step.part);
      const Migration& m = part.migrations.at(applied[step.part]++);
      if (m.sql != nullptr) execSql(db, m.sql);
      if (m.run != nullptr) m.run(db);
    }
    execSql(db, "PRAGMA user_version = " + std::to_string(version));
  } catch (...) {
    sqlite3_close(db);
    throw;
  }
  sqlite3_close(db);
}

}  // namespace bulwark::test
