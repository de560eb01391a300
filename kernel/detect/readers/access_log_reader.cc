// Apache and nginx access logs in the common and combined formats:
//   ip ident user [10/Oct/2000:13:55:36 -0700] "GET /a.gif HTTP/1.0" 200 2326 "referer" "agent"
// Trailing fields after the user agent (nginx's "$http_x_forwarded_for") are kept as "extra".
// Events carry the fields of bulwark/sdk/http_request.hpp.
#include <bulwark/sdk/http_request.hpp>

#include "detect/readers/formats.h"
#include "util/time.h"

namespace bulwark::detect {
namespace {

std::string_view token(std::string_view& rest) {
  size_t end = rest.find(' ');
  std::string_view t = rest.substr(0, end);
  rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
  return t;
}

// A double-quoted field with backslash escapes left as they are; false when unterminated.
bool quoted(std::string_view& rest, std::string_view& out) {
  if (rest.empty() || rest[0] != '"') return false;
  for (size_t i = 1; i < rest.size(); ++i) {
    if (rest[i] == '\\') {
      ++i;
    } else if (rest[i] == '"') {
      out = rest.substr(1, i - 1);
      rest = rest.substr(std::min(i + 2, rest.size()));
      return true;
    }
  }
  return false;
}

// "10/Oct/2000:13:55:36 -0700"
std::optional<int64_t> clfTime(std::string_view t) {
  if (t.size() != 26 || t[2] != '/' || t[6] != '/' || t[11] != ':' || t[20] != ' ')
    return std::nullopt;
  auto secs = unixSeconds(readDigits(t, 7, 4), monthFromAbbrev(t.substr(3, 3)), readDigits(t, 0, 2),
                          readDigits(t, 12, 2), readDigits(t, 15, 2), readDigits(t, 18, 2));
  int oh = readDigits(t, 22, 2), om = readDigits(t, 24, 2);
  if (!secs || oh < 0 || om < 0 || (t[21] != '+' && t[21] != '-')) return std::nullopt;
  int64_t offset = (t[21] == '-' ? -1 : 1) * (oh * 3600 + om * 60);
  return (*secs - offset) * kNsPerSecond;
}

class AccessLogReader : public LineReader {
  std::string parseLine(const Line& line, const EventSink& emit) override {
    std::string_view rest = line.text;
    std::string_view ip = token(rest);
    std::string_view ident = token(rest);
    std::string_view user = token(rest);
    if (ip.empty() || ident.empty() || user.empty() || rest.empty() || rest[0] != '[')
      return "not an access log line (expected 'ip ident user [time]')";
    size_t close = rest.find(']');
    if (close == std::string_view::npos) return "unterminated [time]";
    auto time = clfTime(rest.substr(1, close - 1));
    if (!time) return "bad time (expected dd/Mon/yyyy:hh:mm:ss +zzzz)";
    rest = rest.substr(std::min(close + 2, rest.size()));
    std::string_view request;
    if (!quoted(rest, request)) return "request is not a quoted string";
    std::string_view status = token(rest);
    std::string_view bytes = token(rest);
    if (status.size() != 3 || readDigits(status, 0, 3) < 0) return "bad status code";
    std::string_view referer, agent;
    if (!rest.empty()) {
      if (!quoted(rest, referer)) return "unterminated referer";
      if (!rest.empty() && !quoted(rest, agent)) return "unterminated user agent";
    }
    KeyTable& k = line.keys;
    Event e = eventFor(line);
    e.timeNs = *time;
    e.source = k.intern("access-log");
    e.type = k.intern("http.request");
    e.set(keys::kIp, std::string(ip));
    if (user != "-") e.set(keys::kUser, std::string(user));
    std::string_view req = request;
    std::string_view method = token(req);
    std::string_view url = token(req);
    if (url.empty()) {
      url = method;  // junk requests like "\x16\x03\x01" keep their text as the url
      method = {};
    }
    if (!method.empty()) e.set(keys::kMethod, std::string(method));
    e.set(keys::kUrl, std::string(url));
    e.set(keys::kPath, std::string(url.substr(0, url.find('?'))));
    e.set(k.intern(sdk::kUrlDecodedField), sdk::decodedUrl(url));
    e.set(k.intern(sdk::kPathDecodedField), sdk::decodedPath(url));
    if (!req.empty()) e.set(k.intern("protocol"), std::string(req));
    e.set(keys::kStatus, std::string(status));
    if (bytes != "-" && !bytes.empty()) e.set(k.intern("bytes"), std::string(bytes));
    if (!referer.empty() && referer != "-") e.set(k.intern("referer"), std::string(referer));
    if (!agent.empty() && agent != "-") e.set(keys::kUserAgent, std::string(agent));
    if (!rest.empty()) e.set(k.intern("extra"), std::string(rest));
    emit(std::move(e));
    return {};
  }
};

}  // namespace

std::unique_ptr<Reader> makeAccessLogReader() {
  return std::make_unique<AccessLogReader>();
}

}  // namespace bulwark::detect
