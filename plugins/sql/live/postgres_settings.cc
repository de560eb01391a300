#include "live/postgres_settings.h"

#include <stdexcept>

namespace bulwark::sql::live {
namespace {

std::string text(const sdk::Json& entry, const char* key, const std::string& where,
                 const std::string& fallback, bool required) {
  auto it = entry.find(key);
  if (it == entry.end() || it->is_null()) {
    if (required) throw std::runtime_error(where + ": " + key + " is required");
    return fallback;
  }
  if (!it->is_string() || it->get<std::string>().empty())
    throw std::runtime_error(where + ": " + key + " must be non-empty text");
  return it->get<std::string>();
}

int number(const sdk::Json& entry, const char* key, const std::string& where, int fallback, int low,
           int high) {
  auto it = entry.find(key);
  if (it == entry.end() || it->is_null()) return fallback;
  if (!it->is_number_integer() || it->get<long long>() < low || it->get<long long>() > high)
    throw std::runtime_error(where + ": " + key + " must be a whole number from " +
                             std::to_string(low) + " to " + std::to_string(high));
  return it->get<int>();
}

}  // namespace

std::vector<PostgresServerSetting> postgresServers(const sdk::Json& settings) {
  std::vector<PostgresServerSetting> out;
  if (!settings.is_object()) return out;
  auto list = settings.find("postgres_servers");
  if (list == settings.end() || list->is_null()) return out;
  if (!list->is_array()) throw std::runtime_error("postgres_servers must be a list");
  for (size_t i = 0; i < list->size(); ++i) {
    const sdk::Json& entry = (*list)[i];
    std::string where = "postgres_servers[" + std::to_string(i) + "]";
    if (!entry.is_object()) throw std::runtime_error(where + " must be a mapping");
    PostgresServerSetting s;
    s.id = text(entry, "id", where, "", true);
    if (s.id.rfind("/subscriptions/", 0) != 0 || s.id.find("/providers/") == std::string::npos)
      throw std::runtime_error(where +
                               ": id must be an ARM-style resource id "
                               "(/subscriptions/S/resourceGroups/RG/providers/...)");
    s.host = text(entry, "host", where, s.host, false);
    s.port = number(entry, "port", where, s.port, 1, 65535);
    s.user = text(entry, "user", where, "", true);
    s.passwordEnv = text(entry, "password_env", where, "", false);
    s.database = text(entry, "database", where, s.database, false);
    s.sslmode = text(entry, "sslmode", where, s.sslmode, false);
    s.connectTimeoutSeconds = number(entry, "connect_timeout", where, 10, 1, 600);
    for (const auto& [key, value] : entry.items()) {
      (void)value;
      if (key == "password")
        throw std::runtime_error(where +
                                 ": a password is never written in the configuration; "
                                 "name the environment variable that holds it (password_env)");
    }
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace bulwark::sql::live
