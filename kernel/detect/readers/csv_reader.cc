// CSV (RFC 4180): the first record names the columns; each later record becomes an event
// whose fields are named by the lower-cased headers. Quoted values may hold commas, doubled
// quotes and line breaks. Columns named like time, ip, user or host fill the shared keys.
#include <algorithm>

#include "detect/readers/formats.h"
#include "detect/readers/syslog_messages.h"
#include "util/text.h"
#include "util/time.h"

namespace bulwark::detect {
namespace {

// Splits one record; returns false when a quote is still open at the end of `text`.
bool splitRecord(std::string_view text, std::vector<std::string>& out, std::string& error) {
  out.clear();
  std::string cell;
  bool inQuotes = false, wasQuoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (inQuotes) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        cell.push_back('"');
        ++i;
      } else if (c == '"') {
        inQuotes = false;
      } else {
        cell.push_back(c);
      }
    } else if (c == ',') {
      out.push_back(std::move(cell));
      cell.clear();
      wasQuoted = false;
    } else if (c == '"' && cell.empty() && !wasQuoted) {
      inQuotes = wasQuoted = true;
    } else if (c == '"') {
      error = "stray quote inside an unquoted value";
      return true;
    } else {
      cell.push_back(c);
    }
  }
  if (inQuotes) return false;
  out.push_back(std::move(cell));
  return true;
}

class CsvReader : public Reader {
 public:
  void read(std::istream& in, const std::string& file, KeyTable& keys, const EventSink& sink,
            ReadStats& stats) override {
    std::vector<Key> columns;
    Key timeColumn = 0;
    std::string line, record;
    uint64_t number = 0, start = 0;
    std::vector<std::string> cells;
    while (std::getline(in, line)) {
      ++number;
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (record.empty()) {
        start = number;
        if (line.empty()) continue;
        record = line;
      } else {
        record += "\n" + line;
      }
      std::string error;
      if (!splitRecord(record, cells, error)) continue;  // a quoted value goes on on the next line
      std::string raw = std::move(record);
      record.clear();
      if (columns.empty()) {
        for (auto& c : cells) {
          columns.push_back(keys.intern(toLowerAscii(c)));
        }
        for (const char* t : {"timestamp", "time", "@timestamp", "timegenerated", "date"}) {
          if (Key k = keys.find(t);
              k != 0 && std::find(columns.begin(), columns.end(), k) != columns.end()) {
            timeColumn = k;
            break;
          }
        }
        continue;
      }
      ++stats.lines;
      if (!error.empty()) {
        stats.fail(file, start, error);
        continue;
      }
      if (cells.size() != columns.size()) {
        stats.fail(file, start,
                   "has " + std::to_string(cells.size()) + " values for " +
                       std::to_string(columns.size()) + " columns");
        continue;
      }
      Event e;
      e.file = &file;
      e.line = start;
      e.source = keys.intern("csv");
      for (size_t i = 0; i < cells.size(); ++i) {
        if (!cells[i].empty()) e.set(columns[i], cells[i]);
      }
      if (timeColumn != 0) {
        auto t = parseIso8601(e.get(timeColumn, keys));
        if (t) e.timeNs = *t;
      }
      static const std::pair<const char*, Key> kAliases[] = {
          {"src_ip", keys::kIp},      {"source_ip", keys::kIp},  {"client_ip", keys::kIp},
          {"username", keys::kUser},  {"hostname", keys::kHost}, {"component", keys::kProcess},
          {"content", keys::kMessage}};
      for (const auto& [name, key] : kAliases) {
        Key from = keys.find(name);
        if (from != 0 && !e.has(key) && e.has(from)) e.set(key, std::string(e.get(from, keys)));
      }
      std::string_view type = e.get(keys.find("type"), keys);
      e.type = keys.intern(type.empty() ? "csv.record" : type);
      e.raw = std::move(raw);
      ++stats.events;
      sink(std::move(e));
    }
    if (!record.empty()) {
      ++stats.lines;
      stats.fail(file, start, "unterminated quoted value at the end of the file");
    }
  }
};

}  // namespace

std::unique_ptr<Reader> makeCsvReader() {
  return std::make_unique<CsvReader>();
}

}  // namespace bulwark::detect
