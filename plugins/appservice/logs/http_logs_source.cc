#include "logs/http_logs_source.h"

#include <bulwark/json_source.hpp>
#include <bulwark/sdk/http_request.hpp>
#include <bulwark/sdk/json.hpp>
#include <bulwark/sdk/text.hpp>
#include <bulwark/sdk/time.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>

namespace bulwark::appservice::logs {
namespace {

using sdk::Json;
using Fields = std::map<std::string, std::string, std::less<>>;

// "CsUriStem", "csUriStem" and "TimeGenerated [UTC]" name "csuristem" and "timegeneratedutc".
std::string normalName(std::string_view key) {
  std::string out;
  for (char c : sdk::lower(key)) {
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out += c;
  }
  return out;
}

std::string scalarText(const Json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
  if (value.is_number()) return value.dump();
  return {};
}

void flatten(const Json& object, Fields& out) {
  for (auto it = object.begin(); it != object.end(); ++it) {
    std::string name = normalName(it.key());
    if (name == "properties" && it->is_string()) {
      Json inner = Json::parse(it->get<std::string>(), nullptr, false);
      if (inner.is_object()) flatten(inner, out);
    } else if (it->is_object()) {
      if (name == "properties") flatten(*it, out);
    } else if (!it->is_array() && !it->is_null()) {
      out.emplace(name, scalarText(*it));  // a top-level name wins over the same in properties
    }
  }
}

std::string_view get(const Fields& f, std::initializer_list<std::string_view> names) {
  for (std::string_view n : names) {
    auto it = f.find(n);
    if (it != f.end() && !it->second.empty() && it->second != "-") return it->second;
  }
  return {};
}

int64_t fractionNs(std::string_view text, size_t dot) {
  int64_t ns = 0, scale = 1000000000LL;
  for (size_t i = dot + 1; dot != std::string_view::npos && i < text.size() && text[i] >= '0' &&
                           text[i] <= '9' && scale > 1;
       ++i) {
    scale /= 10;
    ns += (text[i] - '0') * scale;
  }
  return ns;
}

// ISO 8601 with its fraction ("2026-12-03T10:00:00.1234567Z"), or the portal's export
// ("12/3/2026, 10:00:00.000 AM").
std::optional<int64_t> recordTime(std::string_view text) {
  if (auto seconds = sdk::parseIsoTime(text))
    return *seconds * 1000000000LL + fractionNs(text, text.find('.', 19));
  int month = 0, day = 0, year = 0, hour = 0, minute = 0, second = 0;
  std::string copy(text);
  if (std::sscanf(copy.c_str(), "%d/%d/%d, %d:%d:%d", &month, &day, &year, &hour, &minute,
                  &second) != 6)
    return std::nullopt;
  size_t space = copy.rfind(' ');
  bool pm = space != std::string::npos && copy.size() - space == 3 &&
            (copy[space + 1] == 'P' || copy[space + 1] == 'p');
  if (hour == 12) hour = 0;
  if (pm) hour += 12;
  char iso[32];
  std::snprintf(iso, sizeof iso, "%04d-%02d-%02dT%02d:%02d:%02dZ", year, month, day, hour, minute,
                second);
  auto seconds = sdk::parseIsoTime(iso);
  if (!seconds) return std::nullopt;
  return *seconds * 1000000000LL + fractionNs(copy, copy.find('.', copy.find(", ")));
}

class HttpLogReader {
 public:
  explicit HttpLogReader(sdk::EventSink& sink)
      : sink_(sink), type_(sink.key(sdk::kHttpRequestType)) {}

  // One JSON value of the file: a record, an array of them, or a wrapper holding them.
  std::string take(const Json& value, std::string_view raw, uint64_t number) {
    if (value.is_array()) {
      for (const Json& item : value) {
        std::string why = take(item, {}, number);
        if (!why.empty()) sink_.skip(number, why);
      }
      return {};
    }
    if (!value.is_object()) return "an AppServiceHTTPLogs record must be a JSON object";
    for (const char* wrapper : {"records", "value"}) {
      auto it = value.find(wrapper);
      if (it != value.end() && it->is_array()) return take(*it, {}, number);
    }
    Fields f;
    flatten(value, f);
    return emit(f, raw.empty() ? sink_.keep(value.dump()) : raw, number);
  }

 private:
  std::string emit(const Fields& f, std::string_view raw, uint64_t number) {
    auto time = recordTime(get(f, {"timegenerated", "timegeneratedutc", "time", "timestamp"}));
    if (!time) return "an AppServiceHTTPLogs record without TimeGenerated or time";
    std::string_view stem = get(f, {"csuristem"});
    if (stem.empty()) return "an AppServiceHTTPLogs record without CsUriStem";
    std::string_view query = get(f, {"csuriquery"});
    std::string url(stem);
    if (!query.empty()) url += (query[0] == '?' ? "" : "?") + std::string(query);
    sink_.begin(*time, type_, raw, number);
    auto put = [&](std::string_view name, std::string_view value) {
      if (!value.empty()) sink_.field(sink_.key(name), sink_.keep(value));
    };
    put("ip", get(f, {"cip", "clientip"}));
    put("user", get(f, {"csusername"}));
    put("method", get(f, {"csmethod"}));
    put("url", url);
    put("path", stem);
    put(sdk::kUrlDecodedField, sdk::decodedUrl(url));
    put(sdk::kPathDecodedField, sdk::decodedUrl(stem));
    put("status", get(f, {"scstatus"}));
    put("user_agent", get(f, {"useragent", "csuseragent"}));
    put("referer", get(f, {"referer", "csreferer"}));
    put("host", get(f, {"cshost"}));
    put("port", get(f, {"sport"}));
    put("time_taken", get(f, {"timetaken"}));
    put("bytes", get(f, {"scbytes"}));
    put("cs_bytes", get(f, {"csbytes"}));
    put("result", get(f, {"result"}));
    put("computer", get(f, {"computername", "computer"}));
    if (std::string_view id = get(f, {"resourceid", "resourceid"}); !id.empty())
      sink_.resourceId(sink_.keep(sdk::lower(id)));
    sink_.end();
    return {};
  }

  sdk::EventSink& sink_;
  bw_key type_;
};

}  // namespace

void readHttpLogs(const std::string& path, sdk::ReadPosition& position, sdk::EventSink& sink) {
  HttpLogReader reader(sink);
  sdk::readJsonRecords(path, position, sink, "not a JSON AppServiceHTTPLogs record",
                       [&](const Json& value, std::string_view raw, uint64_t line) {
                         return reader.take(value, raw, line);
                       });
}

sdk::EventSourceDef httpLogsSource() {
  return {kHttpLogsSource,
          "App Service HTTP logs (AppServiceHTTPLogs) exported from Log Analytics or diagnostic "
          "settings, as JSON lines, a JSON array or {\"records\": [...]}",
          [](const std::string& path, sdk::ReadPosition& position, sdk::EventSink& sink,
             const sdk::Context&) { readHttpLogs(path, position, sink); }};
}

}  // namespace bulwark::appservice::logs
