#include "logs/mysql_log_source.h"

#include <bulwark/line_source.hpp>
#include <bulwark/sdk/time.hpp>

#include <fstream>
#include <optional>
#include <unordered_map>

#include "logs/database_events.h"

namespace bulwark::sql::logs {
namespace {

bool digitsAt(std::string_view text, size_t at, size_t n) {
  if (at + n > text.size()) return false;
  for (size_t i = at; i < at + n; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  return true;
}

// A time at the start of a line, and how many characters it took:
//   MariaDB general log  "261203 20:23:48" or "261203  9:05:01" (YYMMDD, local time)
//   ISO                  "2026-12-03T20:23:48.123456Z" (MySQL 5.7 and 8, both logs)
//   MariaDB error log    "2026-12-03 20:23:48" or "2026-12-03  9:05:01"
std::optional<std::pair<int64_t, size_t>> leadingTime(std::string_view line) {
  if (digitsAt(line, 0, 6) && line.size() > 7 && line[6] == ' ') {
    size_t at = 7;
    if (line[at] == ' ') ++at;
    size_t hourDigits = line.size() > at + 1 && line[at + 1] == ':' ? 1 : 2;
    if (!digitsAt(line, at, hourDigits) || line.size() < at + hourDigits + 6 ||
        line[at + hourDigits] != ':' || !digitsAt(line, at + hourDigits + 1, 2) ||
        line[at + hourDigits + 3] != ':' || !digitsAt(line, at + hourDigits + 4, 2))
      return std::nullopt;
    std::string iso = "20" + std::string(line.substr(0, 2)) + "-" + std::string(line.substr(2, 2)) +
                      "-" + std::string(line.substr(4, 2)) + "T" + (hourDigits == 1 ? "0" : "") +
                      std::string(line.substr(at, hourDigits + 6)) + "Z";
    auto seconds = sdk::parseIsoTime(iso);
    if (!seconds) return std::nullopt;
    return std::make_pair(*seconds * 1000000000LL, at + hourDigits + 6);
  }
  if (!digitsAt(line, 0, 4) || line.size() < 19 || line[4] != '-' || line[7] != '-' ||
      (line[10] != 'T' && line[10] != ' '))
    return std::nullopt;
  // MariaDB prints the hour of its error log as "%2d": " 9:05:01" before ten o'clock.
  std::string padded;
  if (line[10] == ' ' && line[11] == ' ') {
    padded = std::string(line);
    padded[11] = '0';
    line = padded;
  }
  size_t end = 19, fractionStart = 0;
  if (end < line.size() && line[end] == '.') {
    fractionStart = ++end;
    while (end < line.size() && line[end] >= '0' && line[end] <= '9')
      ++end;
  }
  if (end < line.size() && line[end] == 'Z') {
    ++end;
  } else if (end + 6 <= line.size() && (line[end] == '+' || line[end] == '-') &&
             line[end + 3] == ':') {
    end += 6;
  }
  auto seconds = sdk::parseIsoTime(line.substr(0, end));
  if (!seconds) return std::nullopt;
  int64_t ns = *seconds * 1000000000LL;
  if (fractionStart > 0) {
    int64_t scale = 1000000000LL;
    for (size_t i = fractionStart; i < end && line[i] >= '0' && line[i] <= '9' && scale > 1; ++i) {
      scale /= 10;
      ns += (line[i] - '0') * scale;
    }
  }
  return std::make_pair(ns, end);
}

// A record of the general log: "[time]\t<spaces>id Command\targument".
struct GeneralRecord {
  std::optional<int64_t> timeNs;
  std::string_view connection;
  std::string_view command;
  std::string_view argument;
};

std::optional<GeneralRecord> generalRecord(std::string_view line) {
  GeneralRecord r;
  size_t pos = 0;
  if (auto time = leadingTime(line)) {
    r.timeNs = time->first;
    pos = time->second;
  }
  if (pos >= line.size() || line[pos] != '\t') return std::nullopt;
  pos = line.find_first_not_of(" \t", pos);
  if (pos == std::string_view::npos) return std::nullopt;
  size_t idEnd = line.find_first_not_of("0123456789", pos);
  if (idEnd == pos || idEnd == std::string_view::npos || line[idEnd] != ' ') return std::nullopt;
  r.connection = line.substr(pos, idEnd - pos);
  size_t commandStart = idEnd + 1;
  size_t tab = line.find('\t', commandStart);
  r.command = line.substr(
      commandStart, tab == std::string_view::npos ? std::string_view::npos : tab - commandStart);
  if (r.command.empty() || r.command.front() < 'A' || r.command.front() > 'Z') return std::nullopt;
  if (tab != std::string_view::npos) r.argument = line.substr(tab + 1);
  return r;
}

// A record of the error log: "time [thread] [Level] [MY-xxxxx] [Subsystem] message".
struct ErrorRecord {
  int64_t timeNs = 0;
  std::string_view level;
  std::string_view message;
};

std::optional<ErrorRecord> errorRecord(std::string_view line) {
  auto time = leadingTime(line);
  if (!time || time->second >= line.size() || line[time->second] != ' ') return std::nullopt;
  std::string_view rest = line.substr(time->second + 1);
  size_t bracket = rest.find('[');
  if (bracket == std::string_view::npos) return std::nullopt;
  if (rest.substr(0, bracket).find_first_not_of("0123456789 ") != std::string_view::npos)
    return std::nullopt;  // only a thread id may stand before the level
  ErrorRecord r;
  r.timeNs = time->first;
  size_t close = rest.find(']', bracket);
  if (close == std::string_view::npos) return std::nullopt;
  r.level = rest.substr(bracket + 1, close - bracket - 1);
  rest = rest.substr(close + 1);
  // MySQL 8 adds "[MY-010926] [Server]".
  while (rest.size() > 1 && rest[0] == ' ' && rest[1] == '[') {
    size_t end = rest.find(']');
    if (end == std::string_view::npos) break;
    rest = rest.substr(end + 1);
  }
  if (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  r.message = rest;
  return r;
}

// "Access denied for user 'app'@'203.0.113.9' (using password: YES)" -> app, 203.0.113.9.
bool accessDenied(std::string_view message, std::string_view& user, std::string_view& host) {
  constexpr std::string_view kMarker = "Access denied for user '";
  size_t at = message.find(kMarker);
  if (at == std::string_view::npos) return false;
  size_t userStart = at + kMarker.size();
  size_t userEnd = message.find("'@'", userStart);
  if (userEnd == std::string_view::npos) return false;
  size_t hostStart = userEnd + 3;
  size_t hostEnd = message.find('\'', hostStart);
  if (hostEnd == std::string_view::npos) return false;
  user = message.substr(userStart, userEnd - userStart);
  host = message.substr(hostStart, hostEnd - hostStart);
  return true;
}

bool headerLine(std::string_view line) {
  return line.find(", Version: ") != std::string_view::npos || line.rfind("Tcp port: ", 0) == 0 ||
         (line.rfind("Time", 0) == 0 && line.find("Id Command") != std::string_view::npos) ||
         line.rfind("Version: '", 0) == 0;
}

class MysqlLogReader {
 public:
  MysqlLogReader(const std::string& path, uint64_t offset, sdk::EventSink& sink)
      : path_(path), offset_(offset), out_(sink, "mysql") {}

  std::string parse(std::string_view line, uint64_t number) {
    if (auto general = generalRecord(line)) {
      if (general->timeNs) lastTime_ = *general->timeNs;
      takeGeneral(*general, line, number);
      return {};
    }
    if (auto error = errorRecord(line)) {
      flush();
      emitError(*error, line, number);
      return {};
    }
    if (headerLine(line)) return {};
    if (pending_ && (pending_->command == "Query" || pending_->command == "Execute")) {
      pending_->argument += '\n';
      pending_->argument += line;  // a multi-line statement goes on
      pending_->raw += '\n';
      pending_->raw += line;
      return {};
    }
    return "not a record of the MySQL/MariaDB general query log or error log";
  }

  // Emits what is still held.
  void finish() { flush(); }

 private:
  struct Pending {
    int64_t timeNs = 0;
    uint64_t record = 0;
    std::string raw;
    std::string connection;
    std::string command;
    std::string argument;
  };
  struct Connection {
    std::string user, ip, database;
  };

  void takeGeneral(const GeneralRecord& r, std::string_view line, uint64_t number) {
    std::string_view user, host;
    if (r.command == "Connect" && accessDenied(r.argument, user, host)) {
      std::string database;
      if (pending_ && pending_->connection == r.connection && pending_->command == "Connect") {
        database = parseConnect(pending_->argument).database;
        pending_.reset();  // that Connect was the attempt this denies
      }
      flush();
      out_.begin(timeOf(r), kLoginFailed, line, number);
      out_.put("connection", r.connection);
      out_.put("user", user);
      out_.put("ip", host);
      out_.put("database", out_.keep(database));
      out_.put("reason", r.argument);
      out_.end();
      return;
    }
    flush();
    pending_ = Pending{timeOf(r),
                       number,
                       std::string(line),
                       std::string(r.connection),
                       std::string(r.command),
                       std::string(r.argument)};
  }

  int64_t timeOf(const GeneralRecord& r) {
    if (r.timeNs) return *r.timeNs;
    if (!lastTime_) lastTime_ = timeBeforeOffset();
    return *lastTime_;
  }

  // A read that starts in the middle of the log, on records that carry no time: the time of the
  // last timed record before where it starts.
  int64_t timeBeforeOffset() {
    if (offset_ == 0) return 0;
    std::ifstream in(path_, std::ios::binary);
    uint64_t from = offset_ > 65536 ? offset_ - 65536 : 0;
    std::string block(offset_ - from, '\0');
    in.seekg(static_cast<std::streamoff>(from));
    in.read(block.data(), static_cast<std::streamsize>(block.size()));
    block.resize(static_cast<size_t>(in.gcount()));
    int64_t found = 0;
    size_t start = 0;
    while (start < block.size()) {
      size_t end = std::min(block.find('\n', start), block.size());
      if (auto time = leadingTime(std::string_view(block).substr(start, end - start)))
        found = time->first;
      start = end + 1;
    }
    return found;
  }

  struct Connect {
    std::string user, host, database;
  };

  // "app@203.0.113.9 on shop using TCP/IP", "app@localhost as anonymous on  using Socket".
  static Connect parseConnect(std::string_view argument) {
    Connect c;
    size_t space = argument.find(' ');
    std::string_view who = argument.substr(0, space);
    size_t at = who.rfind('@');
    if (at != std::string_view::npos) {
      c.user = std::string(who.substr(0, at));
      c.host = std::string(who.substr(at + 1));
    }
    size_t on = argument.find(" on ");
    if (on != std::string_view::npos) {
      std::string_view rest = argument.substr(on + 4);
      size_t end = rest.find(" using ");
      std::string_view database = rest.substr(0, end);
      while (!database.empty() && database.back() == ' ')
        database.remove_suffix(1);
      c.database = std::string(database);
    }
    return c;
  }

  void flush() {
    if (!pending_) return;
    Pending p = std::move(*pending_);
    pending_.reset();
    std::string_view raw = out_.keep(p.raw);
    std::string_view argument = out_.keep(p.argument);
    Connection& connection = connections_[p.connection];
    std::string_view type = kLog;
    if (p.command == "Connect") {
      Connect c = parseConnect(argument);
      connection = {c.user, c.host, c.database};
      type = kLoginSuccess;
    } else if (p.command == "Query" || p.command == "Execute") {
      type = kStatement;
    } else if (p.command == "Quit") {
      type = kDisconnection;
    } else if (p.command == "Init DB") {
      connection.database = std::string(argument);
    }
    out_.begin(p.timeNs, type, raw, p.record);
    out_.put("connection", out_.keep(p.connection));
    out_.put("user", out_.keep(connection.user));
    out_.put("ip", out_.keep(connection.ip));
    out_.put("database", out_.keep(connection.database));
    if (type == kStatement) out_.put("statement", argument);
    if (type == kLog) {
      out_.put("command", out_.keep(p.command));
      out_.put("message", argument);
    }
    out_.end();
    if (type == kDisconnection) connections_.erase(p.connection);
  }

  void emitError(const ErrorRecord& r, std::string_view line, uint64_t number) {
    std::string_view user, host;
    bool denied = accessDenied(r.message, user, host);
    out_.begin(r.timeNs, denied ? kLoginFailed : kLog, line, number);
    out_.put("level", r.level);
    if (denied) {
      out_.put("user", user);
      out_.put("ip", host);
      out_.put("reason", r.message);
    } else {
      out_.put("message", r.message);
    }
    out_.end();
  }

  std::string path_;
  uint64_t offset_;
  DatabaseEventWriter out_;
  std::optional<Pending> pending_;
  std::optional<int64_t> lastTime_;
  std::unordered_map<std::string, Connection> connections_;
};

}  // namespace

void readMysqlLog(const std::string& path, sdk::ReadPosition& position, sdk::EventSink& sink) {
  MysqlLogReader reader(path, position.offset, sink);
  sdk::readLines(path, position, sink, [&](std::string_view line, uint64_t number) {
    return reader.parse(line, number);
  });
  reader.finish();
}

sdk::EventSourceDef mysqlLogSource() {
  return {kMysqlLogSource,
          "MySQL and MariaDB general query log or error log: logins, failures and statements",
          [](const std::string& path, sdk::ReadPosition& position, sdk::EventSink& sink,
             const sdk::Context&) { readMysqlLog(path, position, sink); }};
}

}  // namespace bulwark::sql::logs
