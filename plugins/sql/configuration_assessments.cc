#include "configuration_assessments.h"

#include <stdexcept>

#include "quick_fixes.h"
#include "sql_types.h"

namespace bulwark::sql {
namespace {

bool accepted(const ParameterRule& rule, const std::string& value) {
  // tls_version holds a list ("TLSv1.2,TLSv1.3"): every listed version must pass.
  size_t start = 0;
  bool any = false;
  while (start <= value.size()) {
    size_t comma = value.find(',', start);
    std::string item = value.substr(start, comma == std::string::npos ? comma : comma - start);
    while (!item.empty() && item.front() == ' ')
      item.erase(0, 1);
    while (!item.empty() && item.back() == ' ')
      item.pop_back();
    if (!item.empty()) {
      bool ok = false;
      for (const auto& a : rule.accepted)
        ok = ok || sdk::iequals(item, a);
      if (!ok) return false;
      any = true;
    }
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return any;
}

}  // namespace

sdk::Verdict judgeParameter(const sdk::Resource& server, const ParameterRule& rule) {
  std::vector<sdk::Resource> configurations = server.children("configurations");
  if (configurations.empty())
    return sdk::Verdict::notApplicable(
        "the snapshot holds no server parameters (configurations) for this server");
  std::string value = rule.serviceDefault;
  bool listed = false;
  for (const auto& c : configurations) {
    if (!sdk::iequals(sdk::textAt(c.json(), "name"), rule.parameter)) continue;
    const sdk::Json* v = sdk::at(c.json(), "properties.value");
    if (v == nullptr || !v->is_string())
      throw std::runtime_error(rule.parameter + ": properties.value is not text");
    value = v->get<std::string>();
    listed = true;
  }
  sdk::Json evidence = {{"parameter", rule.parameter}, {"value", value}, {"listed", listed}};
  std::string shown = rule.parameter + " = " + (value.empty() ? "''" : value) +
                      (listed ? "" : " (the service default; not listed)");
  return accepted(rule, value) ? sdk::Verdict::healthy(shown, evidence)
                               : sdk::Verdict::unhealthy(shown, evidence);
}

std::vector<sdk::AssessmentDef> configurationAssessments() {
  struct Check {
    const char* id;
    const char* type;
    const char* title;
    sdk::Severity severity;
    const char* control;
    ParameterRule rule;
    const char* fixValue;
    const char* api;
    const char* description;
  };
  const Check checks[] = {
      {"sql.postgres-connection-throttling",
       kPostgresFlexibleType,
       "Connection throttling should be enabled for PostgreSQL flexible servers",
       sdk::Severity::Low,
       "Implement security best practices",
       {"connection_throttle.enable", {"on"}, "off"},
       "ON",
       "2022-12-01",
       "Connection throttling slows down an address after repeated failed logins, which blunts "
       "password guessing and denial of service through connection floods."},
      {"sql.mysql-secure-transport",
       kMySqlFlexibleType,
       "Enforce SSL connection should be enabled for MySQL flexible servers",
       sdk::Severity::Medium,
       "Encrypt data in transit",
       {"require_secure_transport", {"on"}, "on"},
       "ON",
       "2023-06-30",
       "With require_secure_transport off, clients may connect without TLS and send credentials "
       "and data in the clear."},
      {"sql.mysql-tls-version",
       kMySqlFlexibleType,
       "MySQL flexible servers should accept only TLS 1.2 or newer",
       sdk::Severity::Medium,
       "Encrypt data in transit",
       {"tls_version", {"TLSv1.2", "TLSv1.3"}, "TLSv1.2"},
       "TLSv1.2,TLSv1.3",
       "2023-06-30",
       "TLS 1.0 and 1.1 have known weaknesses; tls_version should list only TLSv1.2 and TLSv1.3."},
      {"sql.mysql-audit-log",
       kMySqlFlexibleType,
       "Audit logging should be enabled for MySQL flexible servers",
       sdk::Severity::Low,
       "Enable auditing and logging",
       {"audit_log_enabled", {"on"}, "off"},
       "ON",
       "2023-06-30",
       "The audit log records connections and statements, the trail an investigation needs."},
  };
  std::vector<sdk::AssessmentDef> out;
  for (const auto& c : checks) {
    sdk::AssessmentDef a;
    a.id = c.id;
    a.title = c.title;
    a.resourceType = c.type;
    a.severity = c.severity;
    a.control = c.control;
    a.description = c.description;
    a.remediation = "Set the server parameter " + c.rule.parameter + " to " + c.fixValue +
                    " (Server parameters blade).";
    a.quickFix = setParameterCommand(c.api, c.rule.parameter, c.fixValue);
    ParameterRule rule = c.rule;
    a.check = [rule](const sdk::Resource& server, const sdk::Context&) {
      return judgeParameter(server, rule);
    };
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace bulwark::sql
