#include "vuln/db/vuln_db.h"

#include <sqlite3.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "util/sqlite_statement.h"
#include "util/time.h"

namespace bulwark::vuln {
namespace {

using nlohmann::json;

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sources(
  path TEXT PRIMARY KEY, kind TEXT NOT NULL, imported_at TEXT NOT NULL,
  records INTEGER NOT NULL, problems INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS advisories(
  source TEXT NOT NULL, id TEXT NOT NULL, aliases TEXT NOT NULL, summary TEXT NOT NULL,
  severity TEXT NOT NULL, cvss TEXT NOT NULL, modified TEXT NOT NULL, withdrawn TEXT NOT NULL,
  PRIMARY KEY(source, id));
CREATE TABLE IF NOT EXISTS affected(
  source TEXT NOT NULL, advisory_id TEXT NOT NULL, ecosystem TEXT NOT NULL,
  release TEXT NOT NULL, package TEXT NOT NULL, ranges TEXT NOT NULL, versions TEXT NOT NULL,
  unfixed_state TEXT NOT NULL, severity TEXT NOT NULL,
  PRIMARY KEY(source, advisory_id, ecosystem, release, package));
CREATE INDEX IF NOT EXISTS affected_by_package ON affected(ecosystem, package);
)sql";

json rangesJson(const std::vector<VersionRange>& ranges) {
  json out = json::array();
  for (const auto& r : ranges) {
    json events = json::array();
    for (const auto& [kind, version] : r.events)
      events.push_back(json::array({kind, version}));
    out.push_back({{"type", r.type}, {"events", events}});
  }
  return out;
}

std::vector<VersionRange> rangesFromJson(const std::string& text) {
  std::vector<VersionRange> ranges;
  for (const auto& r : json::parse(text)) {
    VersionRange range;
    range.type = r.at("type").get<std::string>();
    for (const auto& e : r.at("events"))
      range.events.emplace_back(e.at(0).get<std::string>(), e.at(1).get<std::string>());
    ranges.push_back(std::move(range));
  }
  return ranges;
}

}  // namespace

struct VulnDb::WriteStatements {
  explicit WriteStatements(sqlite3* db)
      : replaceAdvisory(db,
                        "INSERT OR REPLACE INTO advisories(source, id, aliases, summary, severity, "
                        "cvss, modified, withdrawn) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
        mergeAdvisory(db,
                      "INSERT INTO advisories(source, id, aliases, summary, severity, cvss, "
                      "modified, withdrawn) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(source, "
                      "id) DO UPDATE SET "
                      "summary = CASE WHEN summary = '' THEN excluded.summary ELSE summary END, "
                      "aliases = CASE WHEN aliases = '[]' THEN excluded.aliases ELSE aliases END"),
        clearAffected(db, "DELETE FROM affected WHERE source = ? AND advisory_id = ?"),
        putAffected(db,
                    "INSERT OR REPLACE INTO affected(source, advisory_id, ecosystem, release, "
                    "package, ranges, versions, unfixed_state, severity) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)") {}
  Statement replaceAdvisory;
  Statement mergeAdvisory;
  Statement clearAffected;
  Statement putAffected;
};

VulnDb::VulnDb(const std::string& path, bool create) : path_(path) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (create) {
    fs::path parent = fs::path(path).parent_path();
    if (!parent.empty()) fs::create_directories(parent, ec);
  } else if (!fs::exists(path, ec)) {
    throw VulnDbError(path + ": no vulnerability database (run 'bulwark vulndb import' first)");
  }
  int flags = create ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY;
  if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
    std::string msg = db_ ? sqlite3_errmsg(db_) : "cannot open";
    sqlite3_close(db_);
    db_ = nullptr;
    throw VulnDbError(path + ": " + msg);
  }
  sqlite3_busy_timeout(db_, 5000);
  try {
    if (create) {
      exec("PRAGMA journal_mode=WAL");
      exec(kSchema);
      Statement version(db_, "SELECT value FROM meta WHERE key='schema_version'");
      if (version.step()) {
        if (std::stoi(version.text(0)) > kSchemaVersion)
          throw VulnDbError(path + ": schema version " + version.text(0) +
                            " is newer than this bulwark reads (" + std::to_string(kSchemaVersion) +
                            ")");
      } else {
        Statement put(db_,
                      "INSERT INTO meta(key, value) VALUES ('schema_version', ?), "
                      "('created_at', ?)");
        put.bind(1, std::to_string(kSchemaVersion)).bind(2, utcNowIso8601()).run();
      }
    } else {
      Statement version(db_, "SELECT value FROM meta WHERE key='schema_version'");
      if (!version.step()) throw VulnDbError(path + ": not a bulwark vulnerability database");
      if (std::stoi(version.text(0)) > kSchemaVersion)
        throw VulnDbError(path + ": schema version " + version.text(0) + " is newer than " +
                          std::to_string(kSchemaVersion));
    }
  } catch (const VulnDbError& e) {
    sqlite3_close(db_);
    db_ = nullptr;
    // Errors from a statement (e.g. "file is not a database") do not know the file yet.
    if (std::string(e.what()).rfind(path + ":", 0) == 0) throw;
    throw VulnDbError(path + ": not a bulwark vulnerability database (" + e.what() + ")");
  } catch (const std::exception& e) {
    sqlite3_close(db_);
    db_ = nullptr;
    throw VulnDbError(path + ": not a bulwark vulnerability database (" + e.what() + ")");
  }
}

VulnDb::~VulnDb() {
  writes_.reset();  // statements are finalised before the connection closes
  sqlite3_close(db_);
}

void VulnDb::exec(const char* sql) const {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown error";
    sqlite3_free(err);
    throw VulnDbError(path_ + ": " + msg);
  }
}

void VulnDb::begin() {
  exec("BEGIN IMMEDIATE");
}
void VulnDb::commit() {
  exec("COMMIT");
}
void VulnDb::rollback() {
  exec("ROLLBACK");
}

void VulnDb::putAdvisory(const Advisory& a, bool replaceAffected) {
  if (!writes_) writes_ = std::make_unique<WriteStatements>(db_);
  json aliases = a.aliases;
  // Feeds repeat an advisory once per package: merging keeps the first text and fills in what
  // was empty; OSV records are whole and replace what was there.
  Statement& put = replaceAffected ? writes_->replaceAdvisory : writes_->mergeAdvisory;
  put.bind(1, a.source).bind(2, a.id).bind(3, aliases.dump()).bind(4, a.summary);
  put.bind(5, a.severity).bind(6, a.cvss).bind(7, a.modified).bind(8, a.withdrawn).run();
  if (replaceAffected) writes_->clearAffected.bind(1, a.source).bind(2, a.id).run();
  Statement& row = writes_->putAffected;
  for (const auto& p : a.affected) {
    row.bind(1, a.source).bind(2, a.id).bind(3, p.ecosystem).bind(4, p.release);
    row.bind(5, p.package).bind(6, rangesJson(p.ranges).dump());
    row.bind(7, json(p.versions).dump()).bind(8, p.unfixedState).bind(9, p.severity).run();
  }
}

void VulnDb::recordSource(const SourceInfo& s) {
  Statement put(db_,
                "INSERT OR REPLACE INTO sources(path, kind, imported_at, records, problems) "
                "VALUES (?, ?, ?, ?, ?)");
  put.bind(1, s.path).bind(2, s.kind).bind(3, s.importedAt).bind(4, s.records);
  put.bind(5, s.problems).run();
  Statement meta(db_, "INSERT OR REPLACE INTO meta(key, value) VALUES ('last_import_at', ?)");
  meta.bind(1, s.importedAt).run();
}

DbStatus VulnDb::status() const {
  DbStatus st;
  Statement meta(db_, "SELECT key, value FROM meta");
  while (meta.step()) {
    if (meta.text(0) == "schema_version")
      st.schemaVersion = std::stoi(meta.text(1));
    else if (meta.text(0) == "created_at")
      st.createdAt = meta.text(1);
    else if (meta.text(0) == "last_import_at")
      st.lastImportAt = meta.text(1);
  }
  Statement sources(db_,
                    "SELECT path, kind, imported_at, records, problems FROM sources ORDER BY path");
  while (sources.step()) {
    st.sources.push_back({sources.text(0), sources.text(1), sources.text(2), sources.integer(3),
                          sources.integer(4)});
  }
  Statement eco(db_,
                "SELECT ecosystem, release, COUNT(DISTINCT source || ' ' || advisory_id), COUNT(*) "
                "FROM affected GROUP BY ecosystem, release ORDER BY ecosystem, release");
  while (eco.step()) {
    std::string name = eco.text(0) + (eco.text(1).empty() ? "" : " " + eco.text(1));
    st.ecosystems.push_back({name, eco.integer(2), eco.integer(3)});
  }
  Statement total(db_, "SELECT COUNT(*) FROM advisories");
  if (total.step()) st.advisories = total.integer(0);
  return st;
}

std::vector<AffectedRow> VulnDb::affectedRows(const std::string& ecosystem,
                                              const std::string& package) const {
  Statement q(db_,
              "SELECT a.source, a.id, a.aliases, a.summary, a.severity, a.cvss, a.modified, "
              "a.withdrawn, f.ecosystem, f.release, f.package, f.ranges, f.versions, "
              "f.unfixed_state, f.severity FROM affected f JOIN advisories a "
              "ON a.source = f.source AND a.id = f.advisory_id "
              "WHERE f.ecosystem = ? AND f.package = ? ORDER BY a.id, a.source, f.release");
  q.bind(1, ecosystem).bind(2, package);
  std::vector<AffectedRow> rows;
  while (q.step()) {
    AffectedRow r;
    r.advisory.source = q.text(0);
    r.advisory.id = q.text(1);
    r.advisory.aliases = json::parse(q.text(2)).get<std::vector<std::string>>();
    r.advisory.summary = q.text(3);
    r.advisory.severity = q.text(4);
    r.advisory.cvss = q.text(5);
    r.advisory.modified = q.text(6);
    r.advisory.withdrawn = q.text(7);
    r.affected.ecosystem = q.text(8);
    r.affected.release = q.text(9);
    r.affected.package = q.text(10);
    r.affected.ranges = rangesFromJson(q.text(11));
    r.affected.versions = json::parse(q.text(12)).get<std::vector<std::string>>();
    r.affected.unfixedState = q.text(13);
    r.affected.severity = q.text(14);
    rows.push_back(std::move(r));
  }
  return rows;
}

}  // namespace bulwark::vuln
