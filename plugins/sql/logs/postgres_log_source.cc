#include "logs/postgres_log_source.h"

#include <bulwark/line_source.hpp>
#include <bulwark/sdk/json.hpp>

#include <vector>

#include "logs/postgres_messages.h"
#include "logs/postgres_time.h"

namespace bulwark::sql::logs {
namespace {

constexpr std::string_view kLevels[] = {"LOG",    "ERROR",   "FATAL",  "PANIC",     "WARNING",
                                        "NOTICE", "INFO",    "DEBUG",  "DEBUG1",    "DEBUG2",
                                        "DEBUG3", "DEBUG4",  "DEBUG5", "STATEMENT", "DETAIL",
                                        "HINT",   "CONTEXT", "QUERY",  "LOCATION"};

bool detailLevel(std::string_view level) {
  return level == "DETAIL" || level == "HINT" || level == "CONTEXT" || level == "QUERY" ||
         level == "LOCATION";
}

std::vector<std::string_view> splitSpaces(std::string_view text) {
  std::vector<std::string_view> out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = std::min(text.find(' ', pos), text.size());
    if (end > pos) out.push_back(text.substr(pos, end - pos));
    pos = end + 1;
  }
  return out;
}

// Whether a CSV text has an open quoted field at its end (the record goes on on the next line).
bool openQuote(std::string_view text) {
  bool open = false;
  for (char c : text) {
    if (c == '"') open = !open;  // "" inside a field toggles twice
  }
  return open;
}

// The fields of one CSV record (RFC 4180: quotes double inside quoted fields). Quoted fields
// with doubled quotes are unescaped into kept text.
std::vector<std::string_view> csvFields(std::string_view record, PostgresEventBuilder& events) {
  std::vector<std::string_view> fields;
  size_t pos = 0;
  while (pos <= record.size()) {
    if (pos < record.size() && record[pos] == '"') {
      std::string value;
      size_t i = pos + 1;
      bool escaped = false;
      for (; i < record.size(); ++i) {
        if (record[i] != '"') continue;
        if (i + 1 < record.size() && record[i + 1] == '"') {
          escaped = true;
          ++i;
          continue;
        }
        break;
      }
      std::string_view raw = record.substr(pos + 1, i - pos - 1);
      if (escaped) {
        value.reserve(raw.size());
        for (size_t j = 0; j < raw.size(); ++j) {
          value += raw[j];
          if (raw[j] == '"' && j + 1 < raw.size() && raw[j + 1] == '"') ++j;
        }
        fields.push_back(events.keep(value));
      } else {
        fields.push_back(raw);
      }
      pos = i + 1;  // the closing quote; a comma or the end follows
      if (pos < record.size() && record[pos] == ',')
        ++pos;
      else
        pos = record.size() + 1;
    } else {
      size_t comma = record.find(',', pos);
      if (comma == std::string_view::npos) comma = record.size();
      fields.push_back(record.substr(pos, comma - pos));
      pos = comma + 1;
    }
  }
  return fields;
}

class PostgresLogReader {
 public:
  explicit PostgresLogReader(sdk::EventSink& sink) : sink_(sink), events_(sink) {}

  std::string parse(std::string_view line, uint64_t number) {
    if (!csvPending_.empty()) return continueCsv(line);
    if (line.front() == '{') return parseJson(line, number);
    if (line.front() == '\t' || line.front() == ' ') return {};  // a statement's next line
    auto time = postgresTime(line);
    if (!time)
      return "no log_line_prefix time ('%m' or '%t', in UTC or a numeric offset) at the start";
    if (time->second < line.size() && line[time->second] == ',') {
      if (!openQuote(line)) return parseCsv(line, number);
      csvPending_.assign(line);
      csvRecord_ = number;
      return {};
    }
    return parseStderr(line, number, time->first, line.substr(time->second));
  }

  // A csvlog record still open at the end of what was read: cut off.
  void finish() {
    if (csvPending_.empty()) return;
    sink_.skip(csvRecord_, "csvlog record cut off: a quoted field is not closed before the end");
    csvPending_.clear();
  }

 private:
  std::string continueCsv(std::string_view line) {
    csvPending_ += '\n';
    csvPending_ += line;
    if (openQuote(csvPending_)) return {};
    std::string_view record = events_.keep(csvPending_);
    csvPending_.clear();
    std::string why = parseCsv(record, csvRecord_);
    if (!why.empty()) sink_.skip(csvRecord_, why);
    return {};
  }

  std::string parseStderr(std::string_view line, uint64_t number, int64_t timeNs,
                          std::string_view rest) {
    if (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
    if (rest.empty() || rest.front() != '[') return "no [process id] after the time";
    size_t close = rest.find(']');
    if (close == std::string_view::npos) return "unterminated [process id]";
    std::string_view pid = rest.substr(1, close - 1);
    pid = pid.substr(0, pid.find('-'));  // %c-like "[4711-1]"
    if (pid.empty() || pid.find_first_not_of("0123456789") != std::string_view::npos)
      return "the process id '" + std::string(pid.substr(0, 16)) + "' is not a number";
    rest = rest.substr(close + 1);
    // The rest of the prefix, then "LEVEL:  message".
    PostgresMessage m;
    m.timeNs = timeNs;
    m.pid = pid;
    std::string_view prefix;
    for (std::string_view l : kLevels) {
      std::string marker = std::string(l) + ":  ";
      size_t at = rest.find(marker);
      if (at == std::string_view::npos) continue;
      if (at > 0 && rest[at - 1] != ' ') continue;
      if (m.level.empty() || at < prefix.size()) {
        m.level = l;
        prefix = rest.substr(0, at);
        m.message = rest.substr(at + marker.size());
      }
    }
    if (m.level.empty()) return "no message level (LOG:, ERROR:, FATAL: ...) after the prefix";
    if (detailLevel(m.level)) return {};
    for (std::string_view token : splitSpaces(prefix)) {
      size_t atSign = token.find('@');
      if (atSign != std::string_view::npos) {
        m.user = token.substr(0, atSign);
        m.database = token.substr(atSign + 1);
        if (m.user == "[unknown]") m.user = {};
        if (m.database == "[unknown]") m.database = {};
      } else if (token.find_first_of(".:") != std::string_view::npos &&
                 token.find_first_not_of("0123456789abcdefABCDEF.:()[]") ==
                     std::string_view::npos) {
        m.host = token.substr(0, token.find('('));  // %r writes host(port)
      }
    }
    events_.emit(m, line, number);
    return {};
  }

  // csvlog columns (PostgreSQL 13: 24, 14 to 17: 26): log_time, user_name, database_name,
  // process_id, connection_from, session_id, session_line_num, command_tag,
  // session_start_time, virtual_transaction_id, transaction_id, error_severity,
  // sql_state_code, message, detail, hint, internal_query, internal_query_pos, context, query,
  // query_pos, location, application_name, backend_type ...
  std::string parseCsv(std::string_view record, uint64_t number) {
    auto fields = csvFields(record, events_);
    if (fields.size() < 23)
      return "csvlog record with " + std::to_string(fields.size()) +
             " fields; PostgreSQL writes at least 23";
    auto time = postgresTime(fields[0]);
    if (!time || time->second != fields[0].size()) return "csvlog log_time is not a time";
    PostgresMessage m;
    m.timeNs = time->first;
    m.user = fields[1];
    m.database = fields[2];
    m.pid = fields[3];
    std::string_view from = fields[4];
    size_t colon = from.rfind(':');
    if (colon != std::string_view::npos && from.find(':') == colon) {  // host:port, not IPv6
      m.host = from.substr(0, colon);
      m.port = from.substr(colon + 1);
    } else {
      m.host = from;
    }
    m.level = fields[11];
    m.message = fields[13];
    m.statement = fields[19];
    m.application = fields[22];
    if (m.pid.empty() || m.level.empty()) return "csvlog record without process_id or severity";
    events_.emit(m, record, number);
    return {};
  }

  std::string parseJson(std::string_view line, uint64_t number) {
    sdk::Json doc = sdk::Json::parse(line.begin(), line.end(), nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) return "jsonlog line is not a JSON object";
    auto text = [&](const char* name) -> std::string_view {
      auto it = doc.find(name);
      if (it == doc.end()) return {};
      if (it->is_string()) return events_.keep(it->get_ref<const std::string&>());
      if (it->is_number()) return events_.keep(it->dump());
      return {};
    };
    std::string_view timestamp = text("timestamp");
    auto time = postgresTime(timestamp);
    if (!time) return "jsonlog line without a timestamp PostgreSQL writes";
    PostgresMessage m;
    m.timeNs = time->first;
    m.pid = text("pid");
    m.level = text("error_severity");
    if (m.pid.empty() || m.level.empty()) return "jsonlog line without pid or error_severity";
    m.message = text("message");
    m.user = text("user");
    m.database = text("dbname");
    m.host = text("remote_host");
    m.port = text("remote_port");
    m.application = text("application_name");
    m.statement = text("statement");
    events_.emit(m, line, number);
    return {};
  }

  sdk::EventSink& sink_;
  PostgresEventBuilder events_;
  std::string csvPending_;
  uint64_t csvRecord_ = 0;
};

}  // namespace

void readPostgresLog(const std::string& path, sdk::ReadPosition& position, sdk::EventSink& sink) {
  PostgresLogReader reader(sink);
  sdk::readLines(path, position, sink, [&](std::string_view line, uint64_t number) {
    return reader.parse(line, number);
  });
  reader.finish();
}

sdk::EventSourceDef postgresLogSource() {
  return {kPostgresLogSource,
          "PostgreSQL server log (stderr with a log_line_prefix starting '%m [%p]', csvlog or "
          "jsonlog): logins, failures, statements and errors",
          [](const std::string& path, sdk::ReadPosition& position, sdk::EventSink& sink,
             const sdk::Context&) { readPostgresLog(path, position, sink); }};
}

}  // namespace bulwark::sql::logs
