// syslog and auth.log: RFC 3164 ("Dec 10 06:55:46 host prog[pid]: msg", with or without a
// year after the time or the day), RFC 5424 ("<34>1 2026-11-29T01:02:03Z host app pid msgid
// [sd] msg"), and ISO-stamped rsyslog lines. "message repeated N times: [ msg ]" gives N
// events of the inner message.
#include <charconv>
#include <ctime>
#include <memory>

#include "detect/readers/formats.h"
#include "detect/readers/syslog_messages.h"
#include "util/time.h"

namespace bulwark::detect {
namespace {

std::string_view nextToken(std::string_view& rest) {
  size_t end = rest.find(' ');
  std::string_view token = rest.substr(0, end);
  rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
  return token;
}

class SyslogReader : public LineReader {
 public:
  explicit SyslogReader(const ReaderOptions& options) : options_(options) {}

 private:
  void begin(const std::string&) override {
    lastMonth_ = 0;
    lastStamp_.clear();
    year_ = options_.defaultYear;
    inferYear_ = year_ == 0;
    if (inferYear_) {
      int month = 0;
      // Streams with no file time (followed files, stdin) are taken as written now.
      int64_t reference = options_.fileModifiedUnix != 0 ? options_.fileModifiedUnix
                                                         : static_cast<int64_t>(std::time(nullptr));
      civilYearMonth(reference, year_, month);
      fileMonth_ = month;
    }
  }

  // RFC 3164 time at the start of `t`; advances `t` past it. Returns Unix seconds. Consecutive
  // lines mostly share their second: a plain "Mmm dd hh:mm:ss " equal to the previous line's
  // (with no year after it) reuses its value. The year logic cannot differ: the month is the
  // same, so impliedYear would change nothing.
  std::optional<int64_t> bsdTime(std::string_view& t) {
    constexpr size_t kPlain = 16;  // "Mmm dd hh:mm:ss "
    if (!lastStamp_.empty() && t.size() > kPlain && t.compare(0, kPlain, lastStamp_) == 0 &&
        !yearFollows(t, kPlain - 1)) {
      t.remove_prefix(kPlain);
      return lastSeconds_;
    }
    std::string_view whole = t;
    auto seconds = parseBsdTime(t);
    // Cached only in the plain form (16 bytes consumed): no year before or after the time, no
    // fraction.
    lastStamp_.clear();
    if (seconds && whole.size() - t.size() == kPlain) {
      lastStamp_.assign(whole.substr(0, kPlain));
      lastSeconds_ = *seconds;
    }
    return seconds;
  }

  // " dddd" then a space or the end, at `pos`: a year written after the time.
  static bool yearFollows(std::string_view t, size_t pos) {
    return pos + 5 <= t.size() && t[pos] == ' ' && readDigits(t, pos + 1, 4) >= 0 &&
           (pos + 5 == t.size() || t[pos + 5] == ' ');
  }

  std::optional<int64_t> parseBsdTime(std::string_view& t) {
    if (t.size() < 16 || t[3] != ' ') return std::nullopt;
    int month = monthFromAbbrev(t.substr(0, 3));
    int day = t[4] == ' ' ? readDigits(t, 5, 1) : readDigits(t, 4, 2);
    if (month == 0 || day < 1 || t[6] != ' ') return std::nullopt;
    size_t pos = 7;
    int year = -1;
    if (readDigits(t, pos, 4) >= 0 && pos + 4 < t.size() && t[pos + 4] == ' ') {
      year = readDigits(t, pos, 4);  // "Dec 10 2016 06:55:46"
      pos += 5;
    }
    if (pos + 8 > t.size() || t[pos + 2] != ':' || t[pos + 5] != ':') return std::nullopt;
    int hour = readDigits(t, pos, 2), minute = readDigits(t, pos + 3, 2),
        second = readDigits(t, pos + 6, 2);
    pos += 8;
    if (pos < t.size() && t[pos] == '.') {  // fractional seconds some daemons add
      ++pos;
      while (pos < t.size() && t[pos] >= '0' && t[pos] <= '9')
        ++pos;
    }
    if (year < 0 && pos + 5 <= t.size() && t[pos] == ' ' && readDigits(t, pos + 1, 4) >= 0 &&
        (pos + 5 == t.size() || t[pos + 5] == ' ')) {
      year = readDigits(t, pos + 1, 4);  // "Dec 10 06:55:46 2016"
      pos += 5;
    }
    if (pos < t.size() && t[pos] != ' ') return std::nullopt;
    t.remove_prefix(std::min(pos + 1, t.size()));
    if (year < 0) year = impliedYear(month);
    return unixSeconds(year, month, day, hour, minute, second);
  }

  int impliedYear(int month) {
    if (lastMonth_ == 0 && inferYear_ && month > fileMonth_)
      --year_;  // a file last written in January holding December lines
    else if (lastMonth_ != 0 && month < lastMonth_ && lastMonth_ - month > 6)
      ++year_;  // December to January inside the file
    lastMonth_ = month;
    return year_;
  }

  std::string parseLine(const Line& line, const EventSink& emit) override {
    std::string_view t = line.text;
    if (!t.empty() && t[0] == '<') {
      size_t close = t.find('>');
      if (close == std::string_view::npos || close > 4) return "bad <PRI> header";
      t.remove_prefix(close + 1);
    }
    if (classifierKeys_ == nullptr || classifierTable_ != &line.keys) {
      classifierKeys_ = std::make_unique<SyslogKeys>(line.keys);
      classifierTable_ = &line.keys;
      sourceKey_ = line.keys.intern("syslog");
    }
    Event& e = reusedEventFor(line);
    e.source = sourceKey_;
    std::string_view program, pid, message;
    if (t.size() > 2 && t[0] >= '1' && t[0] <= '9' && t[1] == ' ') {
      // RFC 5424: VERSION TIMESTAMP HOSTNAME APP-NAME PROCID MSGID STRUCTURED-DATA MSG
      t.remove_prefix(2);
      auto time = parseIso8601(nextToken(t));
      if (!time) return "RFC 5424 line with a bad timestamp";
      e.timeNs = *time;
      std::string_view host = nextToken(t);
      program = nextToken(t);
      pid = nextToken(t);
      nextToken(t);  // MSGID
      if (program.empty() || pid.empty()) return "RFC 5424 line without APP-NAME or PROCID";
      if (!t.empty() && t[0] == '[') {
        size_t end = t.find("] ");
        t = end == std::string_view::npos ? std::string_view() : t.substr(end + 2);
      } else {
        nextToken(t);  // "-"
      }
      if (t.substr(0, 3) == "\xEF\xBB\xBF") t.remove_prefix(3);
      if (host != "-") e.set(keys::kHost, host);
      if (program == "-") program = {};
      if (pid == "-") pid = {};
      message = t;
    } else {
      std::optional<int64_t> seconds;
      if (t.size() > 19 && t[4] == '-' && t[10] == 'T') {
        std::string_view stamp = nextToken(t);
        auto ns = parseIso8601(stamp);
        if (!ns) return "bad ISO 8601 timestamp";
        e.timeNs = *ns;
      } else {
        seconds = bsdTime(t);
        if (!seconds) return "no syslog timestamp (expected 'Mmm dd hh:mm:ss')";
        e.timeNs = *seconds * kNsPerSecond;
      }
      std::string_view host = nextToken(t);
      if (host.empty()) return "no host after the timestamp";
      e.set(keys::kHost, host);
      // TAG: "prog[pid]: ", "prog: " or none at all.
      size_t colon = t.find(": ");
      size_t space = t.find(' ');
      if (colon != std::string_view::npos && colon <= space) {
        std::string_view tag = t.substr(0, colon);
        size_t open = tag.rfind('[');
        if (open != std::string_view::npos && tag.back() == ']') {
          pid = tag.substr(open + 1, tag.size() - open - 2);
          tag = tag.substr(0, open);
        }
        program = tag;
        message = t.substr(colon + 2);
      } else if (!t.empty() && t.back() == ':' && space == std::string_view::npos) {
        program = t.substr(0, t.size() - 1);
      } else {
        message = t;
      }
    }
    if (!program.empty()) e.set(keys::kProcess, program);
    if (!pid.empty()) e.set(keys::kPid, pid);

    while (!message.empty() && message.front() == ' ')
      message.remove_prefix(1);
    constexpr std::string_view kRepeated = "message repeated ";
    if (message.substr(0, kRepeated.size()) == kRepeated) {
      std::string_view rest = message.substr(kRepeated.size());
      unsigned times = 0;
      auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), times);
      std::string_view after(end, rest.data() + rest.size() - end);
      if (ec == std::errc() && after.substr(0, 10) == " times: [ " && after.back() == ']' &&
          times > 0 && times <= 100000) {
        std::string_view inner = after.substr(10, after.size() - 11);
        while (!inner.empty() && inner.back() == ' ')
          inner.remove_suffix(1);
        classifySyslogMessage(program, inner, e, *classifierKeys_);
        e.set(keys::kCount, std::to_string(times));
        for (unsigned i = 1; i < times; ++i)
          emit(Event(e));
        emit(std::move(e));
        return {};
      }
    }
    classifySyslogMessage(program, message, e, *classifierKeys_);
    emit(std::move(e));
    return {};
  }

  ReaderOptions options_;
  std::unique_ptr<SyslogKeys> classifierKeys_;
  const KeyTable* classifierTable_ = nullptr;
  Key sourceKey_ = 0;
  int year_ = 0;
  int fileMonth_ = 12;
  int lastMonth_ = 0;
  std::string lastStamp_;  // the previous plain timestamp with its space, or empty
  int64_t lastSeconds_ = 0;
  bool inferYear_ = true;
};

}  // namespace

std::unique_ptr<Reader> makeSyslogReader(const ReaderOptions& options) {
  return std::make_unique<SyslogReader>(options);
}

}  // namespace bulwark::detect
