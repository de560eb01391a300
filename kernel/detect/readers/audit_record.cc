#include "detect/readers/audit_record.h"

#include <charconv>
#include <cstdio>

namespace bulwark::detect {
namespace {

// Fields the kernel and the audit library write with audit_log_untrustedstring: quoted when
// safe, hex-encoded otherwise. Numbers such as auid=1000 must not be taken for hex.
bool mayBeHexEncoded(std::string_view type, std::string_view name) {
  if (type == "EXECVE" && name.size() > 1 && name[0] == 'a' && name[1] >= '0' && name[1] <= '9')
    return name.find('_') == std::string_view::npos;  // a0, a2[0]; not a2_len
  static constexpr std::string_view kNames[] = {
      "name", "comm",  "exe",  "cwd",   "path", "proctitle", "cmd", "acct", "key",
      "data", "ocomm", "file", "watch", "dir",  "new",       "old", "grp",  "new_group"};
  for (auto n : kNames) {
    if (n == name) return true;
  }
  return false;
}

int hexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

std::optional<std::string> decodeHex(std::string_view text) {
  if (text.empty() || text.size() % 2 != 0) return std::nullopt;
  std::string out;
  out.reserve(text.size() / 2);
  for (size_t i = 0; i < text.size(); i += 2) {
    int hi = hexDigit(text[i]), lo = hexDigit(text[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out.push_back(static_cast<char>(hi * 16 + lo));
  }
  return out;
}

// Control characters (NUL separates proctitle's arguments; an attacker's argument may hold a
// newline) become spaces so a decoded value stays on one rendered line.
std::string sanitised(std::string text) {
  for (char& c : text) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  }
  while (!text.empty() && text.back() == ' ')
    text.pop_back();
  return text;
}

std::string columnError(std::string_view what, size_t offset) {
  return std::string(what) + " at column " + std::to_string(offset + 1);
}

class BodyParser {
 public:
  BodyParser(std::string_view line, std::string_view type, AuditRecord& record)
      : line_(line), type_(type), record_(record) {}

  // Parses line_[begin, end) as key=value pairs; "" on success.
  std::string parse(size_t begin, size_t end) {
    size_t pos = begin;
    while (pos < end) {
      while (pos < end && line_[pos] == ' ')
        ++pos;
      if (pos >= end) break;
      size_t tokenEnd = pos;
      while (tokenEnd < end && line_[tokenEnd] != ' ' && line_[tokenEnd] != '=')
        ++tokenEnd;
      if (tokenEnd >= end || line_[tokenEnd] == ' ') {  // a bare word (AVC's "denied { read }")
        pos = tokenEnd;
        continue;
      }
      std::string_view name = line_.substr(pos, tokenEnd - pos);
      size_t valueStart = tokenEnd + 1;
      if (valueStart < end && (line_[valueStart] == '"' || line_[valueStart] == '\'')) {
        char quote = line_[valueStart];
        size_t close = line_.find(quote, valueStart + 1);
        if (close == std::string_view::npos || close >= end)
          return columnError(std::string("unterminated ") + quote + " quote", valueStart);
        if (quote == '\'' && name == "msg") {  // user-space records nest their fields
          std::string error = parse(valueStart + 1, close);
          if (!error.empty()) return error;
        } else {
          add(name, line_.substr(valueStart + 1, close - valueStart - 1), true);
        }
        pos = close + 1;
        continue;
      }
      size_t valueEnd = line_.find(' ', valueStart);
      if (valueEnd == std::string_view::npos || valueEnd > end) valueEnd = end;
      std::string_view value = line_.substr(valueStart, valueEnd - valueStart);
      std::optional<std::string> decoded;
      if (mayBeHexEncoded(type_, name)) decoded = decodeHex(value);
      if (decoded)
        add(name, *decoded, true);
      else
        add(name, value, false);
      pos = valueEnd;
    }
    return {};
  }

 private:
  void add(std::string_view name, std::string_view value, bool quoted) {
    // EXECVE splits long arguments: a1_len=N a1[0]=... a1[1]=...; join them back into a1.
    size_t bracket = name.find('[');
    if (bracket != std::string_view::npos && type_ == "EXECVE") {
      std::string base(name.substr(0, bracket));
      for (auto& f : record_.fields) {
        if (f.name == base) {
          f.value += sanitised(std::string(value));
          return;
        }
      }
      record_.fields.push_back(AuditField{base, sanitised(std::string(value)), true});
      return;
    }
    record_.fields.push_back(AuditField{std::string(name), sanitised(std::string(value)), quoted});
  }

  std::string_view line_;
  std::string_view type_;
  AuditRecord& record_;
};

bool readNumber(std::string_view text, size_t& pos, uint64_t& out) {
  auto [end, ec] = std::from_chars(text.data() + pos, text.data() + text.size(), out);
  if (ec != std::errc()) return false;
  pos = static_cast<size_t>(end - text.data());
  return true;
}

std::string parseEnriched(std::string_view text, size_t offset, AuditRecord& record) {
  size_t pos = 0;
  while (pos < text.size()) {
    while (pos < text.size() && text[pos] == ' ')
      ++pos;
    if (pos >= text.size()) break;
    size_t eq = text.find('=', pos);
    if (eq == std::string_view::npos)
      return columnError("enriched field without '='", offset + pos);
    std::string name(text.substr(pos, eq - pos));
    size_t valueStart = eq + 1, valueEnd;
    std::string value;
    if (valueStart < text.size() && text[valueStart] == '"') {
      size_t close = text.find('"', valueStart + 1);
      if (close == std::string_view::npos)
        return columnError("unterminated \" quote", offset + valueStart);
      value = text.substr(valueStart + 1, close - valueStart - 1);
      valueEnd = close + 1;
    } else {
      valueEnd = std::min(text.find(' ', valueStart), text.size());
      value = text.substr(valueStart, valueEnd - valueStart);
    }
    record.enriched.emplace_back(std::move(name), sanitised(std::move(value)));
    pos = valueEnd;
  }
  return {};
}

}  // namespace

std::optional<std::string_view> AuditRecord::get(std::string_view name) const {
  for (const auto& f : fields) {
    if (f.name == name) return std::string_view(f.value);
  }
  return std::nullopt;
}

std::optional<std::string_view> AuditRecord::getEnriched(std::string_view name) const {
  for (const auto& [k, v] : enriched) {
    if (k == name) return std::string_view(v);
  }
  return std::nullopt;
}

std::string AuditRecord::render() const {
  char stamp[64];
  std::snprintf(stamp, sizeof stamp, "%lld.%03lld:%llu", static_cast<long long>(timeMs / 1000),
                static_cast<long long>(timeMs % 1000), static_cast<unsigned long long>(serial));
  std::string out = "type=" + type + " msg=audit(" + stamp + "):";
  for (const auto& f : fields) {
    out += ' ';
    out += f.name;
    out += '=';
    if (f.quoted) out += '"';
    out += f.value;
    if (f.quoted) out += '"';
  }
  return out;
}

std::optional<AuditRecord> parseAuditRecord(std::string_view line, std::string& error) {
  AuditRecord record;
  size_t pos = 0;
  if (line.substr(0, 5) == "node=") {
    size_t space = line.find(' ');
    if (space == std::string_view::npos) {
      error = "node= prefix without a record after it";
      return std::nullopt;
    }
    record.node = line.substr(5, space - 5);
    pos = space + 1;
  }
  if (line.substr(pos, 5) != "type=") {
    error = columnError("not an auditd record: expected 'type=TYPE msg=audit(...)'", pos);
    return std::nullopt;
  }
  size_t typeEnd = line.find(' ', pos);
  if (typeEnd == std::string_view::npos || typeEnd == pos + 5) {
    error = columnError("record type without msg=audit(...)", pos);
    return std::nullopt;
  }
  record.type = line.substr(pos + 5, typeEnd - pos - 5);
  pos = typeEnd + 1;
  constexpr std::string_view kMsg = "msg=audit(";
  if (line.substr(pos, kMsg.size()) != kMsg) {
    error = columnError("expected msg=audit(SECONDS.MILLIS:SERIAL)", pos);
    return std::nullopt;
  }
  pos += kMsg.size();
  uint64_t seconds = 0, millis = 0;
  size_t millisStart = 0;
  bool ok = readNumber(line, pos, seconds) && pos < line.size() && line[pos] == '.' &&
            (millisStart = ++pos, readNumber(line, pos, millis)) && pos - millisStart == 3 &&
            pos < line.size() && line[pos] == ':' && readNumber(line, ++pos, record.serial) &&
            line.substr(pos, 2) == "):";
  if (!ok || seconds > 32503680000ULL) {  // beyond year 3000: not a timestamp
    error = columnError("bad audit(SECONDS.MILLIS:SERIAL) stamp", pos);
    return std::nullopt;
  }
  record.timeMs = static_cast<int64_t>(seconds * 1000 + millis);
  pos += 2;
  size_t separator = line.find('\x1d', pos);
  size_t bodyEnd = separator == std::string_view::npos ? line.size() : separator;
  error = BodyParser(line, record.type, record).parse(pos, bodyEnd);
  if (error.empty() && separator != std::string_view::npos)
    error = parseEnriched(line.substr(separator + 1), separator + 1, record);
  if (!error.empty()) return std::nullopt;
  return record;
}

}  // namespace bulwark::detect
