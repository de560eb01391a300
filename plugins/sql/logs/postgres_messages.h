// One PostgreSQL log message, whichever destination it was read from, and what event it is.
#pragma once

#include <bulwark/plugin.hpp>

#include <string>
#include <string_view>
#include <unordered_map>

#include "logs/database_events.h"

namespace bulwark::sql::logs {

// Views that must outlive the sink's next flush (the line being read, or sink.keep()).
struct PostgresMessage {
  int64_t timeNs = 0;
  std::string_view pid;
  std::string_view level;  // LOG, ERROR, FATAL ... or STATEMENT (stderr's line after an ERROR)
  std::string_view message;
  std::string_view user;
  std::string_view database;
  std::string_view host;  // the client's address, when the record carries it
  std::string_view port;
  std::string_view application;
  std::string_view statement;  // csvlog's query / jsonlog's statement: what the ERROR was about
};

// Turns messages into database events, remembering per process id the session's client
// address and last error for the messages that do not repeat them.
class PostgresEventBuilder {
 public:
  explicit PostgresEventBuilder(sdk::EventSink& sink) : out_(sink, "postgres") {}

  void emit(PostgresMessage m, std::string_view raw, uint64_t record);
  std::string_view keep(std::string_view text) { return out_.keep(text); }

 private:
  struct Session {
    std::string ip;
    std::string error;  // the last ERROR message, for the STATEMENT line that follows it
  };

  DatabaseEventWriter out_;
  std::unordered_map<std::string, Session> sessions_;
};

}  // namespace bulwark::sql::logs
