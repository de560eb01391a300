// The events every database log reader of the sql plugin writes, whatever the engine, so that
// one rule set (rules/database.yaml) and one UEBA declaration cover PostgreSQL, MySQL/MariaDB
// and Azure SQL alike. Every event carries `engine` (postgres, mysql, azure-sql):
//   db.connection.received  ip, port
//   db.login.success        user, database, ip, application
//   db.login.failed         user, database, ip, application, reason
//   db.statement            statement, user, database, ip, application (rows where known)
//   db.error.statement      statement, error, user, database, ip, application
//   db.disconnection        user, database, ip
//   db.log                  level, message (everything else)
#pragma once

#include <bulwark/plugin.hpp>

#include <string_view>

namespace bulwark::sql::logs {

inline constexpr std::string_view kConnectionReceived = "db.connection.received";
inline constexpr std::string_view kLoginSuccess = "db.login.success";
inline constexpr std::string_view kLoginFailed = "db.login.failed";
inline constexpr std::string_view kStatement = "db.statement";
inline constexpr std::string_view kErrorStatement = "db.error.statement";
inline constexpr std::string_view kDisconnection = "db.disconnection";
inline constexpr std::string_view kLog = "db.log";

// Builds one event at a time in the sink: fields with empty values are left out. Values must
// outlive the sink's next flush (views of the line being read, static text, or sink.keep()).
class DatabaseEventWriter {
 public:
  DatabaseEventWriter(sdk::EventSink& sink, std::string_view engine)
      : sink_(sink), engine_(engine) {}

  void begin(int64_t timeNs, std::string_view type, std::string_view raw, uint64_t record) {
    sink_.begin(timeNs, sink_.key(type), raw, record);
    put("engine", engine_);
  }
  void put(std::string_view name, std::string_view value) {
    if (!value.empty()) sink_.field(sink_.key(name), value);
  }
  void end() { sink_.end(); }
  std::string_view keep(std::string_view text) { return sink_.keep(text); }
  sdk::EventSink& sink() { return sink_; }

 private:
  sdk::EventSink& sink_;
  std::string_view engine_;
};

}  // namespace bulwark::sql::logs
