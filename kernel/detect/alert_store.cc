#include "detect/alert_store.h"

#include <sqlite3.h>

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "detect/alert_schema.h"
#include "store/schema.h"
#include "store/store.h"
#include "util/sqlite_statement.h"
#include "util/time.h"

namespace bulwark::detect {
namespace {

using nlohmann::json;

std::string dump(const json& j) {
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

json entitiesJson(const Alert& a) {
  json out = json::array();
  for (const auto& [k, v] : a.entities)
    out.push_back({{"type", k}, {"value", v}});
  return out;
}

int64_t parseTime(const std::string& text) {
  auto t = parseIso8601(text);
  return t ? *t : 0;
}

}  // namespace

AlertStore::AlertStore(const std::string& path) : path_(path) {
  db_ = openStore(path, {&alertsSchema(), &detectOffsetsSchema()});
}

AlertStore::~AlertStore() {
  sqlite3_close(db_);
}

bool AlertStore::isStatus(const std::string& s) {
  return s == "new" || s == "active" || s == "resolved" || s == "dismissed" || s == "suppressed";
}

size_t AlertStore::save(std::vector<Alert>& alerts, const std::vector<FollowPosition>& positions) {
  size_t added = 0;
  sqlite3_exec(db_, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
  try {
    const std::string now = utcNowIso8601();
    for (Alert& a : alerts) {
      Statement find(db_,
                     "SELECT id, status, event_count, last_seen, suppressed_by FROM alerts "
                     "WHERE fingerprint = ?");
      find.bind(1, a.fingerprint);
      if (find.step()) {
        a.id = find.integer(0);
        a.status = find.text(1);
        a.suppressedBy = find.text(4);
        Statement update(db_,
                         "UPDATE alerts SET last_seen = max(last_seen, ?), event_count = "
                         "max(event_count, ?), evidence = ?, entities = ?, updated_at = ? "
                         "WHERE id = ?");
        update.bind(1, formatIso8601(a.lastNs))
            .bind(2, static_cast<int64_t>(a.eventCount))
            .bind(3, dump(json(a.evidence)))
            .bind(4, dump(entitiesJson(a)))
            .bind(5, now)
            .bind(6, a.id);
        update.run();
        continue;
      }
      Statement insert(
          db_,
          "INSERT INTO alerts (fingerprint, rule_id, title, description, severity, "
          "tactic, technique, remediation, resource_id, status, first_seen, "
          "last_seen, event_count, entities, evidence, created_at, updated_at, suppressed_by) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
      insert.bind(1, a.fingerprint)
          .bind(2, a.ruleId)
          .bind(3, a.title)
          .bind(4, a.description)
          .bind(5, a.severity)
          .bind(6, a.tactic)
          .bind(7, a.technique)
          .bind(8, a.remediation)
          .bind(9, a.resourceId)
          .bind(10, std::string(a.suppressedBy.empty() ? "new" : "suppressed"))
          .bind(11, formatIso8601(a.firstNs))
          .bind(12, formatIso8601(a.lastNs))
          .bind(13, static_cast<int64_t>(a.eventCount))
          .bind(14, dump(entitiesJson(a)))
          .bind(15, dump(json(a.evidence)))
          .bind(16, now)
          .bind(17, now)
          .bind(18, a.suppressedBy);
      insert.run();
      a.id = sqlite3_last_insert_rowid(db_);
      a.status = a.suppressedBy.empty() ? "new" : "suppressed";
      ++added;
    }
    for (const auto& p : positions) {
      Statement put(db_,
                    "INSERT INTO detect_offsets (source, inode, byte_offset, line, updated_at) "
                    "VALUES (?, ?, ?, ?, ?) ON CONFLICT(source) DO UPDATE SET inode = "
                    "excluded.inode, byte_offset = excluded.byte_offset, line = excluded.line, "
                    "updated_at = excluded.updated_at");
      put.bind(1, p.source)
          .bind(2, static_cast<int64_t>(p.inode))
          .bind(3, static_cast<int64_t>(p.offset))
          .bind(4, static_cast<int64_t>(p.line))
          .bind(5, now);
      put.run();
    }
  } catch (...) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
  if (sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK)
    throw StoreError(path_ + ": cannot commit alerts: " + sqlite3_errmsg(db_));
  return added;
}

std::vector<Alert> AlertStore::query(const std::string& where, int64_t id,
                                     const std::string& status) const {
  std::string sql =
      "SELECT id, fingerprint, rule_id, title, description, severity, tactic, technique, "
      "remediation, resource_id, status, first_seen, last_seen, event_count, entities, evidence, "
      "suppressed_by FROM alerts " +
      where + " ORDER BY last_seen DESC, id DESC";
  Statement s(db_, sql.c_str());
  if (where.find("id = ?") != std::string::npos)
    s.bind(1, id);
  else if (!status.empty())
    s.bind(1, status);
  std::vector<Alert> out;
  while (s.step()) {
    Alert a;
    a.id = s.integer(0);
    a.fingerprint = s.text(1);
    a.ruleId = s.text(2);
    a.title = s.text(3);
    a.description = s.text(4);
    a.severity = s.text(5);
    a.tactic = s.text(6);
    a.technique = s.text(7);
    a.remediation = s.text(8);
    a.resourceId = s.text(9);
    a.status = s.text(10);
    a.firstNs = parseTime(s.text(11));
    a.lastNs = parseTime(s.text(12));
    a.eventCount = static_cast<uint64_t>(s.integer(13));
    json entities = json::parse(s.text(14), nullptr, false);
    if (entities.is_array()) {
      for (const auto& e : entities)
        a.entities.emplace_back(e.value("type", ""), e.value("value", ""));
    }
    json evidence = json::parse(s.text(15), nullptr, false);
    if (evidence.is_array()) {
      for (const auto& line : evidence) {
        if (line.is_string()) a.evidence.push_back(line.get<std::string>());
      }
    }
    a.suppressedBy = s.text(16);
    out.push_back(std::move(a));
  }
  return out;
}

std::optional<FollowPosition> AlertStore::position(const std::string& source) const {
  Statement s(db_, "SELECT inode, byte_offset, line FROM detect_offsets WHERE source = ?");
  s.bind(1, source);
  if (!s.step()) return std::nullopt;
  return FollowPosition{source, static_cast<uint64_t>(s.integer(0)),
                        static_cast<uint64_t>(s.integer(1)), static_cast<uint64_t>(s.integer(2))};
}

std::vector<Alert> AlertStore::list(const std::string& status) const {
  return query(status.empty() ? "" : "WHERE status = ?", 0, status);
}

std::optional<Alert> AlertStore::get(int64_t id) const {
  auto found = query("WHERE id = ?", id, "");
  if (found.empty()) return std::nullopt;
  return found.front();
}

bool AlertStore::setStatus(int64_t id, const std::string& status) {
  if (!isStatus(status))
    throw std::invalid_argument(
        "status must be new, active, resolved, dismissed or "
        "suppressed, not '" +
        status + "'");
  Statement s(db_, "UPDATE alerts SET status = ?, updated_at = ? WHERE id = ?");
  s.bind(1, status).bind(2, utcNowIso8601()).bind(3, id);
  s.run();
  return sqlite3_changes(db_) > 0;
}

bool AlertStore::suppress(int64_t id, const std::string& by) {
  Statement s(db_,
              "UPDATE alerts SET status = 'suppressed', suppressed_by = ?, updated_at = ? "
              "WHERE id = ?");
  s.bind(1, by).bind(2, utcNowIso8601()).bind(3, id);
  s.run();
  return sqlite3_changes(db_) > 0;
}

}  // namespace bulwark::detect
