#include "logs/database_activity.h"

#include "logs/database_events.h"

namespace bulwark::sql::logs {

sdk::ActivityDef databaseLoginActivity() {
  sdk::ActivityDef a;
  a.id = "database-logins";
  a.description =
      "Successful database logins (PostgreSQL, MySQL/MariaDB, Azure SQL), per principal";
  a.types = {sdk::TextMatch::equals(std::string(kLoginSuccess))};
  a.principalField = "user";
  a.principalPrefix = "database-principal/";
  a.addressField = "ip";
  a.operationFrom = sdk::ActivityDef::OperationFrom::Field;
  a.operationField = "application";
  a.operationDefault = "(no application name)";
  a.checks = {{"new-address", "ueba.sql.login-new-address"},
              {"new-country", "ueba.sql.login-new-country"},
              {"new-operation", "ueba.sql.login-new-application"}};
  return a;
}

std::vector<sdk::AnomalyKindDef> databaseAnomalyKinds() {
  return {
      {"ueba.sql.login-new-address", "Login from an unusual address", sdk::Severity::Medium,
       "Initial Access", "T1078",
       "Confirm with the owner of the principal that the login was theirs; if not, change its "
       "password, end its sessions and restrict the addresses the server accepts.",
       "{principal} logged in to the database from {address}, an address never seen for this "
       "principal; baseline: {known_addresses_count} known addresses ({known_addresses}) over "
       "{days} days."},
      {"ueba.sql.login-new-country", "Login from an unusual location", sdk::Severity::Medium,
       "Initial Access", "T1078",
       "Confirm with the owner of the principal that the login was theirs; if not, change its "
       "password, end its sessions and restrict the addresses the server accepts.",
       "{principal} logged in to the database from {address} in {country}, a country never "
       "seen for this principal; baseline countries: {known_countries} over {days} days."},
      {"ueba.sql.login-new-application", "Login by an application never seen for the principal",
       sdk::Severity::Low, "Initial Access", "T1078",
       "Check which tool logged in (the application name is chosen by the client); if it is "
       "not one the principal's owner uses, treat the credentials as stolen.",
       "{principal} logged in to the database with {operation}, an application never seen for "
       "this principal; baseline: {known_operations_count} applications ({known_operations}) "
       "over {days} days."},
  };
}

}  // namespace bulwark::sql::logs
