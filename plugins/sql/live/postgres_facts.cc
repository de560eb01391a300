#include "live/postgres_facts.h"

#include <libpq-fe.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <cstdlib>
#include <memory>
#include <stdexcept>

namespace bulwark::sql::live {
namespace {

using sdk::Json;

struct ConnectionCloser {
  void operator()(PGconn* c) const { PQfinish(c); }
};
struct ResultCloser {
  void operator()(PGresult* r) const { PQclear(r); }
};
using Connection = std::unique_ptr<PGconn, ConnectionCloser>;
using Result = std::unique_ptr<PGresult, ResultCloser>;

std::string firstLine(const char* message) {
  std::string text = message != nullptr ? message : "";
  size_t end = text.find('\n');
  return end == std::string::npos ? text : text.substr(0, end);
}

// Rows of `sql` as arrays of text (NULL as null).
Json rows(PGconn* c, const PostgresServerSetting& server, const char* sql) {
  Result r(PQexec(c, sql));
  if (PQresultStatus(r.get()) != PGRES_TUPLES_OK)
    throw std::runtime_error(server.describe() + ": " + firstLine(PQresultErrorMessage(r.get())));
  Json out = Json::array();
  for (int i = 0; i < PQntuples(r.get()); ++i) {
    Json row = Json::array();
    for (int j = 0; j < PQnfields(r.get()); ++j)
      row.push_back(PQgetisnull(r.get(), i, j) ? Json(nullptr) : Json(PQgetvalue(r.get(), i, j)));
    out.push_back(std::move(row));
  }
  return out;
}

// The certificate the server presented on this connection: subject, issuer and notAfter
// (ISO 8601), or null when the connection is not encrypted.
Json serverCertificate(PGconn* c) {
  if (!PQsslInUse(c)) return nullptr;
  auto* ssl = static_cast<SSL*>(PQsslStruct(c, "OpenSSL"));
  X509* cert = ssl != nullptr ? SSL_get1_peer_certificate(ssl) : nullptr;
  if (cert == nullptr) return nullptr;
  std::unique_ptr<X509, decltype(&X509_free)> owned(cert, X509_free);
  auto name = [](X509_NAME* n) {
    char text[512];
    X509_NAME_oneline(n, text, sizeof text);
    return std::string(text);
  };
  std::tm tm{};
  std::string notAfter;
  if (ASN1_TIME_to_tm(X509_get0_notAfter(cert), &tm) == 1) {
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
    notAfter = text;
  }
  return {{"subject", name(X509_get_subject_name(cert))},
          {"issuer", name(X509_get_issuer_name(cert))},
          {"notAfter", notAfter}};
}

Json column(const Json& table) {
  Json out = Json::array();
  for (const auto& row : table)
    out.push_back(row[0]);
  return out;
}

}  // namespace

Json readPostgresFacts(const PostgresServerSetting& server) {
  std::string password;
  if (!server.passwordEnv.empty()) {
    const char* value = std::getenv(server.passwordEnv.c_str());
    if (value == nullptr)
      throw std::runtime_error(server.describe() + ": the environment variable " +
                               server.passwordEnv + " (password_env) is not set");
    password = value;
  }
  std::string port = std::to_string(server.port);
  std::string timeout = std::to_string(server.connectTimeoutSeconds);
  const char* keys[] = {"host",     "port",
                        "user",     "dbname",
                        "sslmode",  "connect_timeout",
                        "password", "application_name",
                        nullptr};
  const char* values[] = {server.host.c_str(),
                          port.c_str(),
                          server.user.c_str(),
                          server.database.c_str(),
                          server.sslmode.c_str(),
                          timeout.c_str(),
                          password.empty() ? nullptr : password.c_str(),
                          "bulwark",
                          nullptr};
  Connection c(PQconnectdbParams(keys, values, 0));
  if (c == nullptr || PQstatus(c.get()) != CONNECTION_OK)
    throw std::runtime_error(server.describe() + ": cannot connect: " +
                             firstLine(c ? PQerrorMessage(c.get()) : "out of memory"));
  Json facts;
  facts["serverVersionNum"] = PQserverVersion(c.get());
  const char* version = PQparameterStatus(c.get(), "server_version");
  facts["serverVersion"] = version != nullptr ? version : "";
  facts["certificate"] = serverCertificate(c.get());
  Json settings = Json::object();
  for (const auto& row :
       rows(c.get(), server,
            "SELECT name, setting FROM pg_settings WHERE name IN ('ssl', 'password_encryption', "
            "'listen_addresses', 'log_connections', 'log_disconnections', 'log_statement', "
            "'ssl_min_protocol_version')"))
    settings[row[0].get<std::string>()] = row[1];
  facts["settings"] = settings;
  Json hba = Json::array();
  for (const auto& row :
       rows(c.get(), server,
            "SELECT line_number, type, array_to_string(database, ','), "
            "array_to_string(user_name, ','), address, netmask, auth_method, error "
            "FROM pg_hba_file_rules ORDER BY line_number"))
    hba.push_back({{"line", row[0]},
                   {"type", row[1]},
                   {"database", row[2]},
                   {"user", row[3]},
                   {"address", row[4]},
                   {"netmask", row[5]},
                   {"method", row[6]},
                   {"error", row[7]}});
  facts["hba"] = hba;
  facts["superusers"] = column(rows(
      c.get(), server, "SELECT rolname FROM pg_roles WHERE rolsuper AND oid <> 10 ORDER BY 1"));
  facts["loginRolesWithoutExpiry"] = column(
      rows(c.get(), server,
           "SELECT rolname FROM pg_roles WHERE rolcanlogin AND rolvaliduntil IS NULL AND oid <> 10 "
           "ORDER BY 1"));
  facts["publicCreateOnPublicSchema"] =
      !rows(c.get(), server,
            "SELECT 1 FROM pg_namespace n, aclexplode(coalesce(n.nspacl, acldefault('n', "
            "n.nspowner))) a WHERE n.nspname = 'public' AND a.grantee = 0 AND "
            "a.privilege_type = 'CREATE'")
           .empty();
  facts["publicConnectToPostgres"] =
      !rows(c.get(), server,
            "SELECT 1 FROM pg_database d, aclexplode(coalesce(d.datacl, acldefault('d', "
            "d.datdba))) a WHERE d.datname = 'postgres' AND a.grantee = 0 AND "
            "a.privilege_type = 'CONNECT'")
           .empty();
  facts["untrustedLanguages"] =
      column(rows(c.get(), server,
                  "SELECT lanname FROM pg_language WHERE NOT lanpltrusted AND lanname NOT IN "
                  "('internal', 'c') ORDER BY 1"));
  facts["extensions"] =
      column(rows(c.get(), server, "SELECT extname FROM pg_extension ORDER BY 1"));
  return facts;
}

Json postgresServerDocument(const PostgresServerSetting& server, Json facts) {
  std::string name = server.id.substr(server.id.rfind('/') + 1);
  return {{"id", server.id},
          {"name", name},
          {"type", kLivePostgresType},
          {"properties",
           {{"host", server.host},
            {"port", server.port},
            {"database", server.database},
            {"bulwarkPostgres", std::move(facts)}}}};
}

}  // namespace bulwark::sql::live
