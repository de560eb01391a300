#include "logs/postgres_messages.h"

namespace bulwark::sql::logs {
namespace {

// The quoted value after `marker` ("user \"bob\"" -> bob), or "".
std::string_view quotedAfter(std::string_view text, std::string_view marker) {
  size_t at = text.find(marker);
  if (at == std::string_view::npos) return {};
  size_t open = at + marker.size();
  if (open >= text.size() || text[open] != '"') return {};
  size_t close = text.find('"', open + 1);
  return close == std::string_view::npos ? std::string_view{}
                                         : text.substr(open + 1, close - open - 1);
}

// The value of `name=` in "host=203.0.113.9 port=5432" up to the next space.
std::string_view keyword(std::string_view text, std::string_view name) {
  size_t at = 0;
  while ((at = text.find(name, at)) != std::string_view::npos) {
    if ((at == 0 || text[at - 1] == ' ') && at + name.size() < text.size() &&
        text[at + name.size()] == '=') {
      size_t start = at + name.size() + 1;
      size_t end = std::min(text.find(' ', start), text.size());
      return text.substr(start, end - start);
    }
    at += name.size();
  }
  return {};
}

// "statement: SELECT 1", "duration: 0.2 ms  statement: ...", "execute S_1: ...".
bool statementOf(std::string_view message, std::string_view& statement) {
  for (std::string_view marker : {"statement: ", "execute "}) {
    size_t at = message.find(marker);
    if (at == std::string_view::npos) continue;
    if (at != 0 && message.rfind("duration: ", 0) != 0) continue;
    std::string_view rest = message.substr(at + marker.size());
    if (marker == "execute ") {
      size_t colon = rest.find(": ");
      if (colon == std::string_view::npos) continue;
      rest = rest.substr(colon + 2);
    }
    statement = rest;
    return !statement.empty();
  }
  return false;
}

bool loginFailure(const PostgresMessage& m) {
  return m.level == "FATAL" &&
         (m.message.find("authentication failed for user") != std::string_view::npos ||
          m.message.rfind("no pg_hba.conf entry", 0) == 0);
}

}  // namespace

void PostgresEventBuilder::emit(PostgresMessage m, std::string_view raw, uint64_t record) {
  Session& session = sessions_[std::string(m.pid)];
  if (!m.host.empty() && m.host != "[local]") session.ip = std::string(m.host);
  std::string_view type = kLog, statement, error;
  if (m.level == "LOG" && m.message.rfind("connection received: ", 0) == 0) {
    type = kConnectionReceived;
    std::string_view host = keyword(m.message, "host");
    if (!host.empty() && host != "[local]") session.ip = std::string(host);
    if (m.port.empty()) m.port = keyword(m.message, "port");
  } else if (m.level == "LOG" && m.message.rfind("connection authorized: ", 0) == 0) {
    type = kLoginSuccess;
    if (m.user.empty()) m.user = keyword(m.message, "user");
    if (m.database.empty()) m.database = keyword(m.message, "database");
    if (m.application.empty()) m.application = keyword(m.message, "application_name");
  } else if (loginFailure(m)) {
    type = kLoginFailed;
    std::string_view user = quotedAfter(m.message, "for user ");
    if (user.empty()) user = quotedAfter(m.message, "user ");
    if (!user.empty()) m.user = user;
    std::string_view host = quotedAfter(m.message, "host ");
    if (!host.empty()) session.ip = std::string(host);
    if (m.database.empty()) m.database = quotedAfter(m.message, "database ");
  } else if (m.level == "LOG" && m.message.rfind("disconnection: ", 0) == 0) {
    type = kDisconnection;
  } else if (m.level == "LOG" && statementOf(m.message, statement)) {
    type = kStatement;
  } else if (m.level == "STATEMENT") {
    type = kErrorStatement;
    statement = m.message;
    error = out_.keep(session.error);
  } else if (m.level == "ERROR" && !m.statement.empty()) {
    type = kErrorStatement;
    statement = m.statement;
    error = m.message;
  } else if (m.level == "ERROR") {
    session.error = std::string(m.message);
  }
  out_.begin(m.timeNs, type, raw, record);
  out_.put("pid", m.pid);
  out_.put("level", m.level);
  out_.put("user", m.user);
  out_.put("database", m.database);
  out_.put("ip", out_.keep(session.ip));  // the session may be gone before the flush
  out_.put("application", m.application);
  if (type == kConnectionReceived) out_.put("port", m.port);
  if (type == kLoginFailed) out_.put("reason", m.message);
  out_.put("statement", statement);
  out_.put("error", error);
  if (type == kLog) out_.put("message", m.message);
  out_.end();
  if (type == kDisconnection) sessions_.erase(std::string(m.pid));
}

}  // namespace bulwark::sql::logs
