#include "logs/azure_sql_audit_source.h"

#include <bulwark/json_source.hpp>
#include <bulwark/sdk/exported_records.hpp>
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
using Fields = sdk::ExportedFields;

bool contains(std::string_view text, std::string_view part) {
  return sdk::lower(text).find(part) != std::string::npos;
}

// "<error_code>18456</error_code>..." or plain text: what additional_information says failed.
std::string_view errorOf(const Fields& f) {
  return sdk::exportedField(f, {"additionalinformation", "error"});
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
    sdk::flattenExportedRecord(value, f);
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
        names.push_back(c.is_object() ? sdk::textAt(c, "name") : "");
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
    std::string_view timeText = sdk::exportedField(
        f, {"timegenerated", "timegeneratedutc", "eventtime", "time", "timestamp"});
    auto time = sdk::exportedRecordTime(timeText);
    if (!time) return "an audit record without TimeGenerated, event_time or time";
    std::string_view action = sdk::exportedField(f, {"actionid"});
    std::string_view actionName = sdk::exportedField(f, {"actionname"});
    std::string_view statement = sdk::exportedField(f, {"statement"});
    std::string_view succeeded = sdk::exportedField(f, {"succeeded"});
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
    put("user", sdk::exportedField(f, {"serverprincipalname", "sessionserverprincipalname"}));
    put("database_user", sdk::exportedField(f, {"databaseprincipalname"}));
    put("database", sdk::exportedField(f, {"databasename"}));
    put("ip", sdk::exportedField(f, {"clientip"}));
    put("application", sdk::exportedField(f, {"applicationname"}));
    put("server", sdk::exportedField(f, {"serverinstancename", "logicalservername"}));
    put("action", action);
    put("action_name", actionName);
    put("statement", statement);
    put("rows", sdk::exportedField(f, {"responserows"}));
    put("affected_rows", sdk::exportedField(f, {"affectedrows"}));
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
