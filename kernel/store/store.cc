#include "store/store.h"

#include <sqlite3.h>

#include <nlohmann/json.hpp>

#include "store/scans_schema.h"
#include "store/schema.h"
#include "util/sqlite_statement.h"

namespace bulwark {
namespace {

using nlohmann::json;

std::string dumpJson(const json& j) {
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

json parseJsonOr(const std::string& text, json fallback) {
  if (text.empty()) return fallback;
  json parsed = json::parse(text, nullptr, false);
  return parsed.is_discarded() ? fallback : parsed;
}

std::string joinScopes(const std::vector<std::string>& scopes) {
  return dumpJson(json(scopes));
}

}  // namespace

Store::Store(const std::string& path) : path_(path) {
  db_ = openStore(path, {&scansSchema()});
}

Store::~Store() {
  sqlite3_close(db_);
}

void Store::exec(const std::string& sql) const {
  execSql(db_, sql);
}

int Store::partVersion(const std::string& part) const {
  return bulwark::partVersion(db_, part);
}

int64_t Store::saveScan(const ScanRecord& scan) {
  exec("BEGIN IMMEDIATE");
  try {
    Statement insertScan(db_,
                         "INSERT INTO scans (started_at, finished_at, status, scopes, "
                         "config_file, kernel_version) VALUES (?, ?, ?, ?, ?, ?)");
    insertScan.bind(1, scan.startedAt)
        .bind(2, scan.finishedAt)
        .bind(3, scan.status)
        .bind(4, joinScopes(scan.scopes))
        .bind(5, scan.configFile)
        .bind(6, scan.kernelVersion)
        .run();
    const int64_t id = sqlite3_last_insert_rowid(db_);

    Statement a(db_,
                "INSERT INTO scan_assessments (scan_id, assessment_id, plugin_id, title, "
                "resource_type, severity, control, description, remediation, "
                "policy_definition_id, quick_fix, compliance) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    for (const auto& x : scan.assessments) {
      a.bind(1, id).bind(2, x.id).bind(3, x.pluginId).bind(4, x.title).bind(5, x.resourceType);
      a.bind(6, std::string(severityName(x.severity))).bind(7, x.control).bind(8, x.description);
      json compliance = json::array();
      for (const auto& c : x.compliance) {
        compliance.push_back({{"standard", c.standard}, {"control", c.control}});
      }
      a.bind(9, x.remediation).bind(10, x.policyDefinitionId).bind(11, x.quickFix);
      a.bind(12, dumpJson(compliance)).run();
    }
    Statement r(db_,
                "INSERT OR REPLACE INTO scan_resources (scan_id, resource_key, resource_id, type, "
                "name, location, subscription_id, resource_group, plugin_id, document) VALUES "
                "(?, lower(?), ?, ?, ?, ?, ?, ?, ?, ?)");
    for (const auto& x : scan.resources) {
      r.bind(1, id).bind(2, x.id).bind(3, x.id).bind(4, x.type).bind(5, x.name);
      r.bind(6, x.location).bind(7, x.subscription).bind(8, x.resourceGroup).bind(9, x.pluginId);
      r.bind(10, dumpJson(x.document)).run();
    }
    Statement res(
        db_,
        "INSERT OR REPLACE INTO assessment_results (scan_id, resource_id, "
        "assessment_id, plugin_id, state, reason, evidence) VALUES (?, ?, ?, ?, ?, ?, ?)");
    for (const auto& x : scan.results) {
      res.bind(1, id).bind(2, x.resourceId).bind(3, x.assessmentId).bind(4, x.pluginId);
      res.bind(5, std::string(stateName(x.state))).bind(6, x.reason);
      res.bind(7, dumpJson(x.evidence)).run();
    }
    Statement p(db_,
                "INSERT INTO plugin_runs (scan_id, plugin_id, plugin_version, abi_version, phase, "
                "target, status, message, duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    for (const auto& x : scan.pluginRuns) {
      p.bind(1, id).bind(2, x.pluginId).bind(3, x.version).bind(4, x.abi).bind(5, x.phase);
      p.bind(6, x.target).bind(7, x.status).bind(8, x.message).bind(9, x.durationMs).run();
    }
    Statement pr(db_,
                 "INSERT INTO scan_problems (scan_id, kind, location, message) "
                 "VALUES (?, ?, ?, ?)");
    for (const auto& x : scan.problems) {
      pr.bind(1, id).bind(2, x.kind).bind(3, x.location).bind(4, x.message).run();
    }
    exec("COMMIT");
    return id;
  } catch (...) {
    exec("ROLLBACK");
    throw;
  }
}

std::vector<ScanSummary> Store::listScans() const {
  std::vector<ScanSummary> out;
  Statement s(db_,
              "SELECT s.id, s.started_at, s.finished_at, s.status, s.scopes, "
              "(SELECT count(*) FROM scan_resources r WHERE r.scan_id = s.id), "
              "(SELECT count(*) FROM assessment_results a WHERE a.scan_id = s.id "
              " AND a.state = 'Unhealthy') FROM scans s ORDER BY s.id");
  while (s.step()) {
    out.push_back(
        {s.integer(0), s.text(1), s.text(2), s.text(3), s.text(4), s.integer(5), s.integer(6)});
  }
  return out;
}

std::optional<int64_t> Store::latestScanId() const {
  Statement s(db_, "SELECT max(id) FROM scans");
  if (!s.step() || s.text(0).empty()) return std::nullopt;
  return s.integer(0);
}

std::optional<ScanRecord> Store::loadScan(int64_t id) const {
  ScanRecord scan;
  {
    Statement s(db_,
                "SELECT id, started_at, finished_at, status, scopes, config_file, kernel_version "
                "FROM scans WHERE id = ?");
    s.bind(1, id);
    if (!s.step()) return std::nullopt;
    scan.id = s.integer(0);
    scan.startedAt = s.text(1);
    scan.finishedAt = s.text(2);
    scan.status = s.text(3);
    for (const auto& scope : parseJsonOr(s.text(4), json::array())) {
      if (scope.is_string()) scan.scopes.push_back(scope.get<std::string>());
    }
    scan.configFile = s.text(5);
    scan.kernelVersion = s.text(6);
  }
  {
    Statement s(db_,
                "SELECT assessment_id, plugin_id, title, resource_type, severity, control, "
                "description, remediation, policy_definition_id, quick_fix, compliance "
                "FROM scan_assessments "
                "WHERE scan_id = ? ORDER BY rowid");
    s.bind(1, id);
    while (s.step()) {
      AssessmentInfo a;
      a.id = s.text(0);
      a.pluginId = s.text(1);
      a.title = s.text(2);
      a.resourceType = s.text(3);
      a.severity = parseSeverity(s.text(4)).value_or(Severity::Medium);
      a.control = s.text(5);
      a.description = s.text(6);
      a.remediation = s.text(7);
      a.policyDefinitionId = s.text(8);
      a.quickFix = s.text(9);
      for (const auto& c : parseJsonOr(s.text(10), json::array())) {
        if (c.is_object()) {
          a.compliance.push_back(
              {c.value("standard", std::string{}), c.value("control", std::string{})});
        }
      }
      scan.assessments.push_back(std::move(a));
    }
  }
  {
    Statement s(db_,
                "SELECT resource_id, type, name, location, subscription_id, resource_group, "
                "plugin_id, document FROM scan_resources WHERE scan_id = ? ORDER BY rowid");
    s.bind(1, id);
    while (s.step()) {
      scan.resources.push_back({s.text(0), s.text(1), s.text(2), s.text(3), s.text(4), s.text(5),
                                s.text(6), parseJsonOr(s.text(7), json::object())});
    }
  }
  {
    Statement s(db_,
                "SELECT resource_id, assessment_id, plugin_id, state, reason, evidence FROM "
                "assessment_results WHERE scan_id = ? ORDER BY rowid");
    s.bind(1, id);
    while (s.step()) {
      scan.results.push_back({s.text(0), s.text(1), s.text(2),
                              parseState(s.text(3)).value_or(AssessmentState::Error), s.text(4),
                              parseJsonOr(s.text(5), json::object())});
    }
  }
  {
    Statement s(db_,
                "SELECT plugin_id, plugin_version, abi_version, phase, target, status, message, "
                "duration_ms FROM plugin_runs WHERE scan_id = ? ORDER BY rowid");
    s.bind(1, id);
    while (s.step()) {
      scan.pluginRuns.push_back({s.text(0), s.text(1), s.text(2), s.text(3), s.text(4), s.text(5),
                                 s.text(6), s.integer(7)});
    }
  }
  {
    Statement s(db_,
                "SELECT kind, location, message FROM scan_problems WHERE scan_id = ? "
                "ORDER BY rowid");
    s.bind(1, id);
    while (s.step())
      scan.problems.push_back({s.text(0), s.text(1), s.text(2)});
  }
  return scan;
}

}  // namespace bulwark
