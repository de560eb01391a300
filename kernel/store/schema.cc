#include "store/schema.h"

#include <sqlite3.h>

#include <filesystem>
#include <set>

#include "store/legacy_schema.h"
#include "store/store.h"
#include "util/sqlite_statement.h"

namespace bulwark {
namespace {

bool tableExists(sqlite3* db, const char* name) {
  Statement s(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1");
  s.bind(1, std::string(name));
  return s.step();
}

int userVersion(sqlite3* db) {
  Statement s(db, "PRAGMA user_version");
  return s.step() ? static_cast<int>(s.integer(0)) : 0;
}

// Creates schema_parts. A store from before parts gets a row for every part its user_version
// had created, so none of their migrations runs twice. Inside the caller's transaction.
void ensurePartsTable(sqlite3* db) {
  if (tableExists(db, "schema_parts")) return;
  int legacy = userVersion(db);
  if (legacy > kLegacyFinalVersion)
    throw StoreError("store schema version " + std::to_string(legacy) +
                     " is newer than this bulwark understands (" +
                     std::to_string(kLegacyFinalVersion) + "); upgrade bulwark");
  execSql(db,
          "CREATE TABLE schema_parts (part TEXT PRIMARY KEY, version INTEGER NOT NULL, "
          "updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')))");
  std::set<std::string> parts;
  for (const auto& step : legacySteps())
    parts.insert(step.part);
  for (const auto& part : parts) {
    int version = legacyPartVersion(part, legacy);
    if (version == 0) continue;
    Statement s(db, "INSERT INTO schema_parts (part, version) VALUES (?1, ?2)");
    s.bind(1, part).bind(2, static_cast<int64_t>(version)).run();
  }
  execSql(db, "PRAGMA user_version = " + std::to_string(kLegacyFinalVersion));
}

void migrateOne(sqlite3* db, const SchemaPart& part, std::set<std::string>& done) {
  if (done.count(part.name)) return;
  done.insert(part.name);
  for (const SchemaPart* required : part.prerequisites)
    migrateOne(db, *required, done);
  const int known = static_cast<int>(part.migrations.size());
  for (;;) {
    // One migration per transaction; the version is read again inside it, so processes that
    // open the store at the same time never apply a migration twice.
    execSql(db, "BEGIN IMMEDIATE");
    try {
      ensurePartsTable(db);
      int version = partVersion(db, part.name);
      if (version > known)
        throw StoreError(std::string("store schema part '") + part.name + "' is at version " +
                         std::to_string(version) + ", newer than this bulwark understands (" +
                         std::to_string(known) + "); upgrade bulwark");
      if (version == known) {
        execSql(db, "COMMIT");
        return;
      }
      const Migration& m = part.migrations[static_cast<size_t>(version)];
      try {
        if (m.sql != nullptr) execSql(db, m.sql);
        if (m.run != nullptr) m.run(db);
      } catch (const SqliteError& e) {
        throw StoreError(std::string("migration ") + std::to_string(version + 1) + " of '" +
                         part.name + "' failed: " + e.what());
      }
      Statement s(db,
                  "INSERT INTO schema_parts (part, version) VALUES (?1, ?2) ON CONFLICT (part) "
                  "DO UPDATE SET version = excluded.version, updated_at = "
                  "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')");
      s.bind(1, std::string(part.name)).bind(2, static_cast<int64_t>(version + 1)).run();
      execSql(db, "COMMIT");
    } catch (...) {
      sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
      throw;
    }
  }
}

}  // namespace

void execSql(sqlite3* db, const std::string& sql) {
  char* error = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    std::string message = error != nullptr ? error : sqlite3_errmsg(db);
    sqlite3_free(error);
    throw SqliteError(message);
  }
}

int partVersion(sqlite3* db, const std::string& part) {
  if (!tableExists(db, "schema_parts")) return legacyPartVersion(part, userVersion(db));
  Statement s(db, "SELECT version FROM schema_parts WHERE part = ?1");
  s.bind(1, part);
  return s.step() ? static_cast<int>(s.integer(0)) : 0;
}

void migrateParts(sqlite3* db, const std::vector<const SchemaPart*>& parts) {
  std::set<std::string> done;
  for (const SchemaPart* part : parts)
    migrateOne(db, *part, done);
}

sqlite3* openStore(const std::string& path, std::initializer_list<const SchemaPart*> parts) {
  std::error_code ignored;
  if (auto parent = std::filesystem::path(path).parent_path(); !parent.empty())
    std::filesystem::create_directories(parent, ignored);
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) !=
      SQLITE_OK) {
    std::string message = db != nullptr ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    throw StoreError(path + ": cannot open store: " + message);
  }
  sqlite3_busy_timeout(db, 5000);
  try {
    execSql(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;");
    migrateParts(db, std::vector<const SchemaPart*>(parts));
  } catch (const std::exception& e) {
    sqlite3_close(db);
    throw StoreError(path + ": " + e.what());
  }
  return db;
}

}  // namespace bulwark
