#include "logs/postgres_log_source.h"

#include <bulwark/line_source.hpp>
#include <bulwark/sdk/time.hpp>

#include <optional>
#include <unordered_map>

namespace bulwark::sql::logs {
namespace {

constexpr std::string_view kLevels[] = {"LOG",    "ERROR",   "FATAL",  "PANIC",     "WARNING",
                                        "NOTICE", "INFO",    "DEBUG",  "DEBUG1",    "DEBUG2",
                                        "DEBUG3", "DEBUG4",  "DEBUG5", "STATEMENT", "DETAIL",
                                        "HINT",   "CONTEXT", "QUERY",  "LOCATION"};

// "2026-12-03 10:15:02.123 UTC" or "2026-12-03 10:15:02 +01": nanoseconds, and how many
// characters it took.
std::optional<std::pair<int64_t, size_t>> prefixTime(std::string_view line) {
  if (line.size() < 19 || line[10] != ' ') return std::nullopt;
  size_t end = 19;
  if (end < line.size() && line[end] == '.') {
    ++end;
    while (end < line.size() && line[end] >= '0' && line[end] <= '9')
      ++end;
  }
  std::string iso(line.substr(0, end));
  iso[10] = 'T';
  if (end >= line.size() || line[end] != ' ') return std::nullopt;
  size_t zoneEnd = line.find(' ', end + 1);
  if (zoneEnd == std::string_view::npos) return std::nullopt;
  std::string_view zone = line.substr(end + 1, zoneEnd - end - 1);
  if (zone == "UTC" || zone == "GMT" || zone == "Z") {
    iso += 'Z';
  } else if ((zone.size() == 3 || zone.size() == 5 || zone.size() == 6) &&
             (zone[0] == '+' || zone[0] == '-')) {
    iso += std::string(zone.substr(0, 3)) + ":" +
           (zone.size() == 3 ? std::string("00") : std::string(zone.substr(zone.size() - 2)));
  } else {
    return std::nullopt;
  }
  auto seconds = sdk::parseIsoTime(iso);
  if (!seconds) return std::nullopt;
  int64_t ns = *seconds * 1000000000LL;
  size_t dot = iso.find('.');
  if (dot != std::string::npos) {
    int64_t fraction = 0, scale = 1000000000LL;
    for (size_t i = dot + 1; i < iso.size() && iso[i] >= '0' && iso[i] <= '9' && scale > 1; ++i) {
      scale /= 10;
      fraction += (iso[i] - '0') * scale;
    }
    ns += fraction;
  }
  return std::make_pair(ns, zoneEnd + 1);
}

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

struct Session {
  std::string ip;
  std::string error;  // the last ERROR message, for the STATEMENT line that follows it
};

class PostgresLogReader {
 public:
  explicit PostgresLogReader(sdk::EventSink& sink) : sink_(sink) {}

  std::string parse(std::string_view line, uint64_t number) {
    if (line.front() == '\t' || line.front() == ' ') return {};  // a statement's next line
    auto time = prefixTime(line);
    if (!time)
      return "no log_line_prefix time ('%m' or '%t', in UTC or a numeric offset) at the start";
    std::string_view rest = line.substr(time->second);
    if (rest.empty() || rest.front() != '[') return "no [process id] after the time";
    size_t close = rest.find(']');
    if (close == std::string_view::npos) return "unterminated [process id]";
    std::string_view pid = rest.substr(1, close - 1);
    pid = pid.substr(0, pid.find('-'));  // %c-like "[4711-1]"
    if (pid.empty() || pid.find_first_not_of("0123456789") != std::string_view::npos)
      return "the process id '" + std::string(pid.substr(0, 16)) + "' is not a number";
    rest = rest.substr(close + 1);
    // The rest of the prefix, then "LEVEL:  message".
    std::string_view level, message, prefix;
    for (std::string_view l : kLevels) {
      std::string marker = std::string(l) + ":  ";
      size_t at = rest.find(marker);
      if (at == std::string_view::npos) continue;
      if (at > 0 && rest[at - 1] != ' ') continue;
      if (level.empty() || at < prefix.size()) {
        level = l;
        prefix = rest.substr(0, at);
        message = rest.substr(at + marker.size());
      }
    }
    if (level.empty()) return "no message level (LOG:, ERROR:, FATAL: ...) after the prefix";
    if (level == "DETAIL" || level == "HINT" || level == "CONTEXT" || level == "QUERY" ||
        level == "LOCATION")
      return {};
    std::string_view user, database, prefixHost;
    for (std::string_view token : split(prefix)) {
      size_t atSign = token.find('@');
      if (atSign != std::string_view::npos) {
        user = token.substr(0, atSign);
        database = token.substr(atSign + 1);
        if (user == "[unknown]") user = {};
        if (database == "[unknown]") database = {};
      } else if (token.find_first_of(".:") != std::string_view::npos &&
                 token.find_first_not_of("0123456789abcdefABCDEF.:()[]") ==
                     std::string_view::npos) {
        prefixHost = token.substr(0, token.find('('));  // %r writes host(port)
      }
    }
    Session& session = sessions_[std::string(pid)];
    if (!prefixHost.empty()) session.ip = std::string(prefixHost);
    std::string_view type = "postgres.log";
    std::string_view statement, failedUser;
    if (level == "LOG" && message.rfind("connection received: ", 0) == 0) {
      type = "postgres.connection.received";
      std::string_view host = keyword(message, "host");
      if (!host.empty() && host != "[local]") session.ip = std::string(host);
    } else if (level == "LOG" && message.rfind("connection authorized: ", 0) == 0) {
      type = "postgres.login.success";
      if (user.empty()) user = keyword(message, "user");
      if (database.empty()) database = keyword(message, "database");
    } else if (level == "FATAL" &&
               (message.find("authentication failed for user") != std::string_view::npos ||
                message.rfind("no pg_hba.conf entry", 0) == 0)) {
      type = "postgres.login.failed";
      failedUser = quotedAfter(message, "for user ");
      if (failedUser.empty()) failedUser = quotedAfter(message, "user ");
      std::string_view host = quotedAfter(message, "host ");
      if (!host.empty()) session.ip = std::string(host);
      if (database.empty()) database = quotedAfter(message, "database ");
    } else if (level == "LOG" && message.rfind("disconnection: ", 0) == 0) {
      type = "postgres.disconnection";
    } else if (level == "LOG" && statementOf(message, statement)) {
      type = "postgres.statement";
    } else if (level == "STATEMENT") {
      type = "postgres.error.statement";
      statement = message;
    } else if (level == "ERROR") {
      session.error = std::string(message);
      type = "postgres.error";
    }
    sink_.begin(time->first, sink_.key(type), line, number);
    put("pid", pid);
    put("level", level);
    put("user", !failedUser.empty() ? failedUser : user);
    put("database", database);
    put("ip", sink_.keep(session.ip));  // the session may be gone before the flush
    if (type == "postgres.connection.received") put("port", keyword(message, "port"));
    if (type == "postgres.login.failed") put("reason", message);
    if (!statement.empty()) put("statement", statement);
    if (type == "postgres.error.statement") put("error", sink_.keep(session.error));
    if (type == "postgres.log" || type == "postgres.error") put("message", message);
    sink_.end();
    if (type == "postgres.disconnection") sessions_.erase(std::string(pid));
    return {};
  }

 private:
  static std::vector<std::string_view> split(std::string_view text) {
    std::vector<std::string_view> out;
    size_t pos = 0;
    while (pos < text.size()) {
      size_t end = std::min(text.find(' ', pos), text.size());
      if (end > pos) out.push_back(text.substr(pos, end - pos));
      pos = end + 1;
    }
    return out;
  }

  // "statement: SELECT 1", "duration: 0.2 ms  statement: ...", "execute S_1: ...".
  static bool statementOf(std::string_view message, std::string_view& statement) {
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

  // Values are views of the line (readLines keeps it until the sink's flush), of the static
  // level names, or copies kept in the sink.
  void put(std::string_view name, std::string_view value) {
    if (!value.empty()) sink_.field(sink_.key(name), value);
  }

  sdk::EventSink& sink_;
  std::unordered_map<std::string, Session> sessions_;
};

}  // namespace

void readPostgresLog(const std::string& path, sdk::ReadPosition& position, sdk::EventSink& sink) {
  PostgresLogReader reader(sink);
  sdk::readLines(path, position, sink, [&](std::string_view line, uint64_t number) {
    return reader.parse(line, number);
  });
}

sdk::EventSourceDef postgresLogSource() {
  return {kPostgresLogSource,
          "PostgreSQL server log (stderr, log_line_prefix starting '%m [%p]'): logins, "
          "failures, statements and errors",
          [](const std::string& path, sdk::ReadPosition& position, sdk::EventSink& sink,
             const sdk::Context&) { readPostgresLog(path, position, sink); }};
}

}  // namespace bulwark::sql::logs
