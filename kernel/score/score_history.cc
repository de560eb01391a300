#include "score/score_history.h"

#include <sqlite3.h>

#include <cmath>
#include <map>
#include <nlohmann/json.hpp>

#include "score/score_schema.h"
#include "store/schema.h"
#include "store/store.h"
#include "util/sqlite_statement.h"

namespace bulwark {
namespace {

using nlohmann::json;

// A second connection to the store file; the Store opened first has migrated the schema.
class Connection {
 public:
  explicit Connection(const std::string& path) : db_(openStore(path, {&scoresSchema()})) {}
  ~Connection() { sqlite3_close(db_); }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  sqlite3* get() const { return db_; }
  void exec(const char* sql) const {
    char* error = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &error) != SQLITE_OK) {
      std::string message = error != nullptr ? error : "unknown error";
      sqlite3_free(error);
      throw StoreError(message);
    }
  }

 private:
  sqlite3* db_ = nullptr;
};

int64_t toE4(double fraction) {
  return static_cast<int64_t>(std::llround(fraction * 10000.0));
}

void saveScores(const Connection& c, const ScanRecord& scan) {
  c.exec("BEGIN IMMEDIATE");
  try {
    Statement clear(c.get(), "DELETE FROM scan_scores WHERE scan_id = ?");
    clear.bind(1, scan.id).run();
    Statement clearControls(c.get(), "DELETE FROM scan_control_scores WHERE scan_id = ?");
    clearControls.bind(1, scan.id).run();
    Statement total(c.get(),
                    "INSERT INTO scan_scores (scan_id, scope_key, scope, max_points, "
                    "percentage_e4) VALUES (?, ?, ?, ?, ?)");
    Statement control(c.get(),
                      "INSERT INTO scan_control_scores (scan_id, scope_key, control, max_points, "
                      "healthy_resources, unhealthy_resources, not_applicable_resources, "
                      "assessments) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    for (const auto& scope : scoredScopes(scan)) {
      std::vector<ResourceId> scopes;
      if (!scope.empty()) scopes.push_back(*ResourceId::parse(scope));
      SecureScore s = computeSecureScore(scan, scopes, scope);
      const std::string key = scoreScopeKey(scope);
      total.bind(1, scan.id).bind(2, key).bind(3, scope).bind(4, int64_t{s.max});
      total.bind(5, toE4(s.percentage)).run();
      for (const auto& x : s.controls) {
        control.bind(1, scan.id).bind(2, key).bind(3, x.name).bind(4, int64_t{x.maxPoints});
        control.bind(5, static_cast<int64_t>(x.healthyResources))
            .bind(6, static_cast<int64_t>(x.unhealthyResources))
            .bind(7, static_cast<int64_t>(x.notApplicableResources))
            .bind(8, json(x.assessments).dump())
            .run();
      }
    }
    c.exec("COMMIT");
  } catch (...) {
    c.exec("ROLLBACK");
    throw;
  }
}

std::optional<SecureScore> loadScore(const Connection& c, int64_t scanId,
                                     const std::string& scope) {
  const std::string key = scoreScopeKey(scope);
  Statement head(c.get(), "SELECT scope FROM scan_scores WHERE scan_id = ? AND scope_key = ?");
  head.bind(1, scanId).bind(2, key);
  if (!head.step()) return std::nullopt;
  SecureScore s;
  s.scope = head.text(0);
  Statement rows(c.get(),
                 "SELECT control, max_points, healthy_resources, unhealthy_resources, "
                 "not_applicable_resources, assessments FROM scan_control_scores "
                 "WHERE scan_id = ? AND scope_key = ? ORDER BY rowid");
  rows.bind(1, scanId).bind(2, key);
  while (rows.step()) {
    ControlScore x;
    x.name = rows.text(0);
    x.maxPoints = static_cast<int>(rows.integer(1));
    x.healthyResources = static_cast<size_t>(rows.integer(2));
    x.unhealthyResources = static_cast<size_t>(rows.integer(3));
    x.notApplicableResources = static_cast<size_t>(rows.integer(4));
    json assessments = json::parse(rows.text(5), nullptr, false);
    if (assessments.is_array()) {
      for (const auto& a : assessments)
        if (a.is_string()) x.assessments.push_back(a.get<std::string>());
    }
    size_t counted = x.healthyResources + x.unhealthyResources;
    if (counted > 0) {
      x.current = x.maxPoints * static_cast<double>(x.healthyResources) / counted;
      x.potentialIncrease = x.maxPoints * static_cast<double>(x.unhealthyResources) / counted;
      s.current += x.current;
      s.max += x.maxPoints;
    }
    s.controls.push_back(std::move(x));
  }
  s.percentage = s.max > 0 ? roundTo4(s.current / s.max) : 0;
  return s;
}

bool hasScores(const Connection& c, int64_t scanId) {
  Statement s(c.get(), "SELECT 1 FROM scan_scores WHERE scan_id = ? LIMIT 1");
  s.bind(1, scanId);
  return s.step();
}

}  // namespace

std::vector<std::string> scoredScopes(const ScanRecord& scan) {
  std::vector<std::string> scopes = {""};
  std::map<std::string, bool> seen;
  for (const auto& r : scan.results) {
    auto id = ResourceId::parse(r.resourceId);
    if (!id || id->subscription().empty()) continue;
    std::string scope = "/subscriptions/" + id->subscription();
    if (seen.emplace(toLowerAscii(scope), true).second) scopes.push_back(scope);
  }
  return scopes;
}

std::string scoreScopeKey(const std::string& scope) {
  std::string key = toLowerAscii(scope);
  while (!key.empty() && key.back() == '/')
    key.pop_back();
  return key;
}

void saveScanScores(const std::string& storePath, const ScanRecord& scan) {
  Connection c(storePath);
  saveScores(c, scan);
}

std::optional<SecureScore> loadScanScore(const std::string& storePath, int64_t scanId,
                                         const std::string& scope) {
  Connection c(storePath);
  return loadScore(c, scanId, scope);
}

std::vector<ScoreHistoryEntry> scoreHistory(const std::string& storePath,
                                            const std::string& scope) {
  Connection c(storePath);
  Store store(storePath);
  std::vector<ScoreHistoryEntry> out;
  for (const auto& summary : store.listScans()) {
    if (!hasScores(c, summary.id)) {
      auto scan = store.loadScan(summary.id);
      if (!scan) continue;
      saveScores(c, *scan);
    }
    auto s = loadScore(c, summary.id, scope);
    if (!s) continue;
    ScoreHistoryEntry e;
    e.scanId = summary.id;
    e.startedAt = summary.startedAt;
    e.percentage = s->percentage;
    e.current = s->current;
    e.max = s->max;
    if (!out.empty()) e.change = roundTo4(e.percentage - out.back().percentage);
    out.push_back(e);
  }
  return out;
}

}  // namespace bulwark
