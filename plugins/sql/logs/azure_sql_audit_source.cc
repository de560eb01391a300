#include "logs/azure_sql_audit_source.h"

#include <bulwark/json_source.hpp>
#include <bulwark/sdk/json.hpp>
#include <bulwark/sdk/text.hpp>
#include <bulwark/sdk/time.hpp>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

#include "logs/database_events.h"

namespace bulwark::sql::logs {
namespace {

using sdk::Json;
using Fields = std::map<std::string, std::string, std::less<>>;

// "action_id_s", "ActionId" and "action_id" all name "actionid".
std::string normalName(std::string_view key) {
  std::string k = sdk::lower(key);
  for (std::string_view suffix : {"_s", "_d", "_b", "_g", "_t"}) {
    if (k.size() > suffix.size() + 1 && sdk::endsWithIgnoreCase(k, suffix)) {
      k.resize(k.size() - suffix.size());
      break;
    }
  }
  std::string out;
  for (char c : k) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out += c;
  }
  return out;
}

std::string scalarText(const Json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
  if (value.is_number()) return value.dump();
  return {};
}

void flatten(const Json& object, Fields& out) {
  for (auto it = object.begin(); it != object.end(); ++it) {
    std::string name = normalName(it.key());
    if (it->is_object()) {
      if (name == "properties") flatten(*it, out);
    } else if (!it->is_array() && !it->is_null()) {
      out.emplace(name, scalarText(*it));  // a top-level name wins over the same in properties
    }
  }
}

std::string_view get(const Fields& f, std::initializer_list<std::string_view> names) {
  for (std::string_view n : names) {
    auto it = f.find(n);
    if (it != f.end() && !it->second.empty()) return it->second;
  }
  return {};
}

// ISO 8601, or the portal's export "11/20/2020, 1:46:28.000 PM".
std::optional<int64_t> recordTime(std::string_view text) {
  auto fraction = [](std::string_view t, size_t dot) {
    int64_t ns = 0, scale = 1000000000LL;
    for (size_t i = dot + 1; i < t.size() && t[i] >= '0' && t[i] <= '9' && scale > 1; ++i) {
      scale /= 10;
      ns += (t[i] - '0') * scale;
    }
    return ns;
  };
  if (auto seconds = sdk::parseIsoTime(text)) {
    size_t dot = text.find('.', 19);
    return *seconds * 1000000000LL + (dot == std::string_view::npos ? 0 : fraction(text, dot));
  }
  int month = 0, day = 0, year = 0, hour = 0, minute = 0, second = 0;
  char meridiem[3] = {0};
  std::string copy(text);
  if (std::sscanf(copy.c_str(), "%d/%d/%d, %d:%d:%d", &month, &day, &year, &hour, &minute,
                  &second) != 6)
    return std::nullopt;
  size_t space = copy.rfind(' ');
  if (space != std::string::npos && copy.size() - space == 3) {
    meridiem[0] = copy[space + 1];
    meridiem[1] = copy[space + 2];
  }
  if (hour == 12) hour = 0;
  if (meridiem[0] == 'P' || meridiem[0] == 'p') hour += 12;
  char iso[32];
  std::snprintf(iso, sizeof iso, "%04d-%02d-%02dT%02d:%02d:%02dZ", year, month, day, hour, minute,
                second);
  auto seconds = sdk::parseIsoTime(iso);
  if (!seconds) return std::nullopt;
  size_t comma = copy.find(", ");
  size_t dot = copy.find('.', comma == std::string::npos ? 0 : comma);
  return *seconds * 1000000000LL + (dot == std::string::npos ? 0 : fraction(copy, dot));
}

bool contains(std::string_view text, std::string_view part) {
  return sdk::lower(text).find(part) != std::string::npos;
}

// "<error_code>18456</error_code>..." or plain text: what additional_information says failed.
std::string_view errorOf(const Fields& f) {
  return get(f, {"additionalinformation", "error"});
}

class AuditReader {
 public:
  explicit AuditReader(sdk::EventSink& sink) : sink_(sink), out_(sink, "azure-sql") {}

  // One JSON value of the file: a record, an array of them, or a wrapper holding them.
  std::string take(const Json& value, std::string_view raw, uint64_t number) {
    if (value.is_array()) {
      for (const Json& item : value) {
        std::string why = take(item, {}, number);
        if (!why.empty()) sink_.skip(number, why);
      }
      return {};
    }
    if (!value.is_object()) return "an audit record must be a JSON object";
    if (auto tables = value.find("tables"); tables != value.end() && tables->is_array())
      return takeTables(*tables, number);
    for (const char* wrapper : {"records", "value"}) {
      auto it = value.find(wrapper);
      if (it != value.end() && it->is_array()) return take(*it, {}, number);
    }
    Fields f;
    flatten(value, f);
    return emit(f, raw.empty() ? out_.keep(value.dump()) : raw, number);
  }

 private:
  // A Log Analytics query answer: {"tables": [{"columns": [{"name": ...}], "rows": [[...]]}]}.
  std::string takeTables(const Json& tables, uint64_t number) {
    for (const Json& table : tables) {
      if (!table.is_object() || !table.contains("columns") || !table.contains("rows") ||
          !table["columns"].is_array() || !table["rows"].is_array())
        return "a query answer's table needs columns and rows";
      std::vector<std::string> names;
      for (const Json& c : table["columns"])
        names.push_back(c.is_object() && c.contains("name") ? scalarText(c["name"]) : "");
      for (const Json& row : table["rows"]) {
        if (!row.is_array() || row.size() != names.size()) {
          sink_.skip(number, "a query answer's row does not have one value per column");
          continue;
        }
        Json object = Json::object();
        for (size_t i = 0; i < names.size(); ++i)
          object[names[i]] = row[i];
        std::string why = take(object, {}, number);
        if (!why.empty()) sink_.skip(number, why);
      }
    }
    return {};
  }

  std::string emit(const Fields& f, std::string_view raw, uint64_t number) {
    std::string_view timeText =
        get(f, {"timegenerated", "timegeneratedutc", "eventtime", "time", "timestamp"});
    auto time = recordTime(timeText);
    if (!time) return "an audit record without TimeGenerated, event_time or time";
    std::string_view action = get(f, {"actionid"});
    std::string_view actionName = get(f, {"actionname"});
    std::string_view statement = get(f, {"statement"});
    std::string_view succeeded = get(f, {"succeeded"});
    bool failed = sdk::iequals(succeeded, "false") || succeeded == "0";
    std::string_view type = kLog;
    if (sdk::iequals(action, "LGIF") || contains(actionName, "authentication failed") ||
        contains(actionName, "login failed")) {
      type = kLoginFailed;
    } else if (sdk::iequals(action, "LGIS") || contains(actionName, "authentication succeeded") ||
               contains(actionName, "login succeeded")) {
      type = kLoginSuccess;
    } else if (sdk::iequals(action, "LGO") || contains(actionName, "logout")) {
      type = kDisconnection;
    } else if (!statement.empty()) {
      type = failed ? kErrorStatement : kStatement;
    }
    if (action.empty() && actionName.empty() && statement.empty())
      return "an audit record without action_id, action_name or statement";
    out_.begin(*time, type, raw, number);
    auto put = [&](std::string_view name, std::string_view value) {
      out_.put(name, out_.keep(value));
    };
    put("user", get(f, {"serverprincipalname", "sessionserverprincipalname"}));
    put("database_user", get(f, {"databaseprincipalname"}));
    put("database", get(f, {"databasename"}));
    put("ip", get(f, {"clientip"}));
    put("application", get(f, {"applicationname"}));
    put("server", get(f, {"serverinstancename", "logicalservername"}));
    put("action", action);
    put("action_name", actionName);
    put("statement", statement);
    put("rows", get(f, {"responserows"}));
    put("affected_rows", get(f, {"affectedrows"}));
    if (type == kLoginFailed) put("reason", errorOf(f));
    if (type == kErrorStatement) put("error", errorOf(f));
    out_.end();
    return {};
  }

  sdk::EventSink& sink_;
  DatabaseEventWriter out_;
};

}  // namespace

void readAzureSqlAudit(const std::string& path, sdk::ReadPosition& position, sdk::EventSink& sink) {
  AuditReader reader(sink);
  sdk::readJsonRecords(path, position, sink, "not a JSON audit record",
                       [&](const Json& value, std::string_view raw, uint64_t line) {
                         return reader.take(value, raw, line);
                       });
}

sdk::EventSourceDef azureSqlAuditSource() {
  return {kAzureSqlAuditSource,
          "Azure SQL auditing records exported from Log Analytics (AzureDiagnostics or "
          "SQLSecurityAuditEvents) or diagnostic settings, as JSON",
          [](const std::string& path, sdk::ReadPosition& position, sdk::EventSink& sink,
             const sdk::Context&) { readAzureSqlAudit(path, position, sink); }};
}

}  // namespace bulwark::sql::logs
