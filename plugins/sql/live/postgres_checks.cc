#include "live/postgres_checks.h"

#include <functional>
#include <map>
#include <string>

#include "live/baseline.h"
#include "live/postgres_settings.h"

namespace bulwark::sql::live {
namespace {

using sdk::Json;
using sdk::Verdict;
using Judge = std::function<Verdict(const Json& facts)>;

// Major versions and the day the PostgreSQL project stops fixing them
// (https://www.postgresql.org/support/versioning/).
struct EndOfLife {
  int major;
  const char* date;
};
constexpr EndOfLife kEndOfLife[] = {{10, "2022-11-10"}, {11, "2023-11-09"}, {12, "2024-11-21"},
                                    {13, "2025-11-13"}, {14, "2026-11-12"}, {15, "2027-11-11"},
                                    {16, "2028-11-09"}, {17, "2029-11-08"}, {18, "2030-11-14"}};

std::string setting(const Json& facts, const char* name) {
  return sdk::textAt(facts, std::string("settings.") + name);
}

std::string joined(const Json& list) {
  std::string out;
  for (const auto& v : list)
    out += (out.empty() ? "" : ", ") + (v.is_string() ? v.get<std::string>() : v.dump());
  return out;
}

Verdict listMustBeEmpty(const Json& facts, const char* member, const std::string& what) {
  const Json* list = sdk::at(facts, member);
  if (list == nullptr || !list->is_array())
    throw std::runtime_error(std::string(member) + " missing");
  if (list->empty()) return Verdict::healthy("no " + what);
  return Verdict::unhealthy(what + ": " + joined(*list), {{member, *list}});
}

Verdict hbaRules(const Json& facts, const std::function<bool(const Json&)>& bad,
                 const std::string& what) {
  Json offending = Json::array();
  for (const Json* rule : sdk::arrayAt(facts, "hba"))
    if (bad(*rule)) offending.push_back(*rule);
  if (offending.empty()) return Verdict::healthy("no pg_hba rule " + what);
  std::string lines;
  for (const auto& r : offending)
    lines += (lines.empty() ? "" : ", ") + sdk::textAt(r, "line");
  return Verdict::unhealthy("pg_hba rule(s) " + what + " at line(s) " + lines,
                            {{"rules", offending}});
}

struct Check {
  const char* id;
  const char* title;
  sdk::Severity severity;
  const char* control;
  const char* remediation;
  Judge judge;
};

// The SQL (run as a superuser) that fixes or, where a file must change, finds what to fix.
const std::map<std::string, std::string>& fixes() {
  static const std::map<std::string, std::string> table = {
      {"sql.live-postgres-ssl", "ALTER SYSTEM SET ssl = on; SELECT pg_reload_conf();"},
      {"sql.live-postgres-password-encryption",
       "ALTER SYSTEM SET password_encryption = 'scram-sha-256'; SELECT pg_reload_conf();"},
      {"sql.live-postgres-hba-weak-method",
       "SELECT line_number, auth_method FROM pg_hba_file_rules WHERE auth_method IN ('trust', "
       "'password', 'md5');"},
      {"sql.live-postgres-hba-open",
       "SELECT line_number, address, netmask FROM pg_hba_file_rules WHERE address = 'all' OR "
       "netmask IN ('0.0.0.0', '::');"},
      {"sql.live-postgres-listen-all", "ALTER SYSTEM SET listen_addresses = '<address>';"},
      {"sql.live-postgres-connection-logging",
       "ALTER SYSTEM SET log_connections = on; ALTER SYSTEM SET log_disconnections = on; SELECT "
       "pg_reload_conf();"},
      {"sql.live-postgres-statement-logging", "ALTER SYSTEM SET log_statement = 'ddl';"},
      {"sql.live-postgres-certificate",
       "SHOW ssl_cert_file; -- then replace that file with a renewed certificate and run SELECT "
       "pg_reload_conf();"},
      {"sql.live-postgres-extra-superusers", "ALTER ROLE <role> NOSUPERUSER;"},
      {"sql.live-postgres-password-expiry", "ALTER ROLE <role> VALID UNTIL '<date>';"},
      {"sql.live-postgres-public-schema-create", "REVOKE CREATE ON SCHEMA public FROM PUBLIC;"},
      {"sql.live-postgres-public-connect", "REVOKE CONNECT ON DATABASE postgres FROM PUBLIC;"},
      {"sql.live-postgres-untrusted-languages", "DROP LANGUAGE <language>;"},
      {"sql.live-postgres-dangerous-extensions", "DROP EXTENSION <extension>;"},
      {"sql.live-postgres-supported-version", "SELECT version();"},
  };
  return table;
}

std::vector<Check> checks() {
  return {
      {"sql.live-postgres-ssl", "PostgreSQL servers should have SSL enabled", sdk::Severity::High,
       "Encrypt data in transit",
       "Set ssl = on with a certificate and key (ssl_cert_file, ssl_key_file) and reload.",
       [](const Json& f) {
         std::string v = setting(f, "ssl");
         return v == "on" ? Verdict::healthy("ssl = on") : Verdict::unhealthy("ssl = " + v);
       }},
      {"sql.live-postgres-password-encryption",
       "PostgreSQL servers should store passwords as SCRAM-SHA-256", sdk::Severity::Medium,
       "Manage access and permissions",
       "Set password_encryption = 'scram-sha-256', then reset each role's password so it is "
       "stored in the new form.",
       [](const Json& f) {
         std::string v = setting(f, "password_encryption");
         return v == "scram-sha-256" ? Verdict::healthy("password_encryption = " + v)
                                     : Verdict::unhealthy("password_encryption = " + v);
       }},
      {"sql.live-postgres-hba-weak-method",
       "PostgreSQL client authentication should not use trust, password or md5",
       sdk::Severity::High, "Manage access and permissions",
       "Replace trust, password and md5 in pg_hba.conf with scram-sha-256 (or peer for local "
       "sockets) and reload.",
       [](const Json& f) {
         return hbaRules(
             f,
             [](const Json& r) {
               std::string m = sdk::textAt(r, "method");
               return m == "trust" || m == "password" || m == "md5";
             },
             "with a weak method (trust, password, md5)");
       }},
      {"sql.live-postgres-hba-open",
       "PostgreSQL client authentication should not admit every "
       "address",
       sdk::Severity::High, "Restrict unauthorized network access",
       "Narrow the address of these pg_hba.conf rules to the networks of the clients.",
       [](const Json& f) {
         return hbaRules(
             f,
             [](const Json& r) {
               std::string a = sdk::textAt(r, "address"), n = sdk::textAt(r, "netmask");
               return sdk::textAt(r, "type").rfind("host", 0) == 0 &&
                      (a == "all" || (a == "0.0.0.0" && n == "0.0.0.0") ||
                       (a == "::" && n == "::"));
             },
             "open to every address");
       }},
      {"sql.live-postgres-listen-all",
       "PostgreSQL servers should listen only on the interfaces clients use", sdk::Severity::Low,
       "Restrict unauthorized network access",
       "Set listen_addresses to the addresses clients connect to, instead of '*'.",
       [](const Json& f) {
         std::string v = setting(f, "listen_addresses");
         bool all = v == "*" || v == "0.0.0.0" || v == "::" || v.find("*") != std::string::npos;
         return all ? Verdict::unhealthy("listen_addresses = '" + v + "'")
                    : Verdict::healthy("listen_addresses = '" + v + "'");
       }},
      {"sql.live-postgres-connection-logging",
       "PostgreSQL servers should log connections and disconnections", sdk::Severity::Low,
       "Enable auditing and logging", "Set log_connections = on and log_disconnections = on.",
       [](const Json& f) {
         std::string c = setting(f, "log_connections"), d = setting(f, "log_disconnections");
         std::string shown = "log_connections = " + c + ", log_disconnections = " + d;
         return c == "on" && d == "on" ? Verdict::healthy(shown) : Verdict::unhealthy(shown);
       }},
      {"sql.live-postgres-statement-logging",
       "PostgreSQL servers should log data definition statements", sdk::Severity::Low,
       "Enable auditing and logging",
       "Set log_statement = 'ddl' (or 'mod' or 'all'), so that changes to roles, privileges and "
       "schemas are in the server log.",
       [](const Json& f) {
         std::string v = setting(f, "log_statement");
         std::string shown = "log_statement = '" + v + "'";
         return v == "ddl" || v == "mod" || v == "all" ? Verdict::healthy(shown)
                                                       : Verdict::unhealthy(shown);
       }},
      {"sql.live-postgres-certificate",
       "PostgreSQL servers' TLS certificate should not be expired or expire within 30 days",
       sdk::Severity::Medium, "Encrypt data in transit",
       "Renew the server certificate (ssl_cert_file) before it expires and reload.",
       [](const Json& f) {
         const Json* cert = sdk::at(f, "certificate");
         if (cert == nullptr || !cert->is_object())
           return Verdict::notApplicable(
               "the connection was not encrypted (ssl off or sslmode disable): no certificate");
         std::string notAfter = sdk::textAt(*cert, "notAfter");
         auto expiry = sdk::parseIsoTime(notAfter);
         if (!expiry) throw std::runtime_error("certificate notAfter '" + notAfter + "'");
         auto now = sdk::parseIsoTime(sdk::utcNowIso8601());
         int64_t days = (*expiry - now.value_or(0)) / 86400;
         std::string shown = sdk::textAt(*cert, "subject") + " valid until " + notAfter;
         if (days < 0) return Verdict::unhealthy(shown + " (expired)");
         if (days < 30)
           return Verdict::unhealthy(shown + " (" + std::to_string(days) + " days left)");
         return Verdict::healthy(shown);  // no day count: a baseline would differ daily
       }},
      {"sql.live-postgres-extra-superusers",
       "PostgreSQL servers should have no superuser besides the bootstrap role",
       sdk::Severity::High, "Manage access and permissions",
       "ALTER ROLE ... NOSUPERUSER for each, granting only the privileges and predefined roles "
       "(pg_monitor, pg_read_all_data ...) it needs.",
       [](const Json& f) { return listMustBeEmpty(f, "superusers", "superusers"); }},
      {"sql.live-postgres-password-expiry", "PostgreSQL login roles should have a password expiry",
       sdk::Severity::Low, "Manage access and permissions",
       "Set VALID UNTIL on login roles with passwords (ALTER ROLE ... VALID UNTIL '...'), or "
       "move them to certificate or Entra authentication.",
       [](const Json& f) {
         return listMustBeEmpty(f, "loginRolesWithoutExpiry", "login roles without expiry");
       }},
      {"sql.live-postgres-public-schema-create",
       "PUBLIC should not be able to create objects in schema public", sdk::Severity::Medium,
       "Manage access and permissions", "REVOKE CREATE ON SCHEMA public FROM PUBLIC;",
       [](const Json& f) {
         const Json* v = sdk::at(f, "publicCreateOnPublicSchema");
         return v != nullptr && v->is_boolean() && !v->get<bool>()
                    ? Verdict::healthy("PUBLIC has no CREATE on schema public")
                    : Verdict::unhealthy("PUBLIC may CREATE in schema public");
       }},
      {"sql.live-postgres-public-connect",
       "PUBLIC should not be able to connect to the postgres database", sdk::Severity::Low,
       "Manage access and permissions",
       "REVOKE CONNECT ON DATABASE postgres FROM PUBLIC; and grant it to the roles that need it.",
       [](const Json& f) {
         const Json* v = sdk::at(f, "publicConnectToPostgres");
         return v != nullptr && v->is_boolean() && !v->get<bool>()
                    ? Verdict::healthy("PUBLIC has no CONNECT on database postgres")
                    : Verdict::unhealthy("PUBLIC may CONNECT to database postgres");
       }},
      {"sql.live-postgres-untrusted-languages",
       "PostgreSQL servers should have no untrusted procedural language", sdk::Severity::Medium,
       "Remediate security configurations",
       "DROP the untrusted languages (plperlu, plpython3u ...) no function needs.",
       [](const Json& f) {
         return listMustBeEmpty(f, "untrustedLanguages", "untrusted languages");
       }},
      {"sql.live-postgres-dangerous-extensions",
       "PostgreSQL servers should not have extensions that reach files or other servers",
       sdk::Severity::Medium, "Remediate security configurations",
       "DROP EXTENSION adminpack, dblink, postgres_fdw or file_fdw where nothing uses them.",
       [](const Json& f) {
         Json found = Json::array();
         for (const Json* e : sdk::arrayAt(f, "extensions")) {
           std::string name = e->is_string() ? e->get<std::string>() : "";
           if (name == "adminpack" || name == "dblink" || name == "postgres_fdw" ||
               name == "file_fdw")
             found.push_back(name);
         }
         return found.empty()
                    ? Verdict::healthy("no adminpack, dblink, postgres_fdw, file_fdw")
                    : Verdict::unhealthy("extensions: " + joined(found), {{"extensions", found}});
       }},
      {"sql.live-postgres-supported-version",
       "PostgreSQL servers should run a supported major version", sdk::Severity::High,
       "Apply system updates",
       "Upgrade to a supported major version (pg_upgrade, or dump and restore).",
       [](const Json& f) {
         const Json* num = sdk::at(f, "serverVersionNum");
         if (num == nullptr || !num->is_number_integer())
           throw std::runtime_error("serverVersionNum missing");
         int major = num->get<int>() / 10000;
         std::string today = sdk::utcToday();
         for (const auto& e : kEndOfLife) {
           if (e.major != major) continue;
           std::string shown =
               "PostgreSQL " + std::to_string(major) + ", supported until " + e.date;
           return today > e.date ? Verdict::unhealthy(shown + " (ended)") : Verdict::healthy(shown);
         }
         return major < kEndOfLife[0].major
                    ? Verdict::unhealthy("PostgreSQL " + std::to_string(major) + ", out of support")
                    : Verdict::healthy("PostgreSQL " + std::to_string(major));
       }},
  };
}

}  // namespace

std::vector<sdk::AssessmentDef> postgresChecks() {
  std::vector<sdk::AssessmentDef> out;
  for (auto& c : checks()) {
    sdk::AssessmentDef a;
    a.id = c.id;
    a.title = c.title;
    a.resourceType = kLivePostgresType;
    a.severity = c.severity;
    a.control = c.control;
    a.description = std::string(c.title) +
                    " (checked live on the server, as Defender's SQL "
                    "vulnerability assessment does).";
    a.remediation = c.remediation;
    a.quickFix = "psql -h <host> -U <superuser> -c \"" + fixes().at(c.id) + "\"";
    Judge judge = c.judge;
    std::string id = c.id;
    a.check = [judge, id](const sdk::Resource& server, const sdk::Context&) {
      const Json* facts = sdk::at(server.json(), "properties.bulwarkPostgres");
      if (facts == nullptr || !facts->is_object())
        return Verdict::notApplicable("not read live (no properties.bulwarkPostgres)");
      return applyBaseline(judge(*facts), id, baselineOf(server));
    };
    out.push_back(std::move(a));
  }
  return out;
}

std::vector<std::pair<std::string, sdk::Verdict>> judgePostgres(const sdk::Json& facts) {
  std::vector<std::pair<std::string, sdk::Verdict>> out;
  for (auto& c : checks())
    out.emplace_back(c.id, c.judge(facts));
  return out;
}

}  // namespace bulwark::sql::live
