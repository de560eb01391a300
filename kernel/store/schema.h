// The store's schema is owned in parts: each subsystem that keeps tables in the store (scans,
// alerts, UEBA baselines, suppressions, plans, scores, plugin state ...) declares its part with
// its own migrations, and opens the store with the parts it uses. Each part's version is kept in
// the table schema_parts; a part's migrations run in order, one transaction each, before the
// part is used, after the parts it requires. Stores written before parts existed (a single
// PRAGMA user_version, 1 to 11) are recognised and their parts' versions set from it.
#pragma once

#include <initializer_list>
#include <string>
#include <vector>

struct sqlite3;

namespace bulwark {

struct Migration {
  const char* sql = nullptr;            // one script, or
  void (*run)(sqlite3* db) = nullptr;   // a step SQL alone cannot say; throws SqliteError
};

struct SchemaPart {
  const char* name;
  std::vector<const SchemaPart*> prerequisites;  // parts created first
  std::vector<Migration> migrations;
};

// Opens (creating the file and its folder) the store at `path` in WAL mode with foreign keys
// on, brings `parts` up to date, and returns a connection that waits up to 5 s on a busy
// database; the caller closes it with sqlite3_close. Throws StoreError naming the file, e.g.
// for a part newer than this build knows.
sqlite3* openStore(const std::string& path, std::initializer_list<const SchemaPart*> parts);

// Brings `parts` up to date on an open connection (openStore does this).
void migrateParts(sqlite3* db, const std::vector<const SchemaPart*>& parts);

// The version a part is at in this store (0: not created).
int partVersion(sqlite3* db, const std::string& part);

// Runs SQL without results; throws SqliteError with SQLite's message.
void execSql(sqlite3* db, const std::string& sql);

}  // namespace bulwark
