#include "logs/http_logs_source.h"

#include <bulwark/json_source.hpp>
#include <bulwark/sdk/exported_records.hpp>
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
using Fields = sdk::ExportedFields;

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
    sdk::flattenExportedRecord(value, f);
    return emit(f, raw.empty() ? sink_.keep(value.dump()) : raw, number);
  }

 private:
  std::string emit(const Fields& f, std::string_view raw, uint64_t number) {
    auto time = sdk::exportedRecordTime(
        sdk::exportedField(f, {"timegenerated", "timegeneratedutc", "time", "timestamp"}));
    if (!time) return "an AppServiceHTTPLogs record without TimeGenerated or time";
    std::string_view stem = sdk::exportedField(f, {"csuristem"});
    if (stem.empty()) return "an AppServiceHTTPLogs record without CsUriStem";
    std::string_view query = sdk::exportedField(f, {"csuriquery"});
    std::string url(stem);
    if (!query.empty()) url += (query[0] == '?' ? "" : "?") + std::string(query);
    sink_.begin(*time, type_, raw, number);
    auto put = [&](std::string_view name, std::string_view value) {
      if (!value.empty()) sink_.field(sink_.key(name), sink_.keep(value));
    };
    put("ip", sdk::exportedField(f, {"cip", "clientip"}));
    put("user", sdk::exportedField(f, {"csusername"}));
    put("method", sdk::exportedField(f, {"csmethod"}));
    put("url", url);
    put("path", stem);
    put(sdk::kUrlDecodedField, sdk::decodedUrl(url));
    put(sdk::kPathDecodedField, sdk::decodedUrl(stem));
    put("status", sdk::exportedField(f, {"scstatus"}));
    put("user_agent", sdk::exportedField(f, {"useragent", "csuseragent"}));
    put("referer", sdk::exportedField(f, {"referer", "csreferer"}));
    put("host", sdk::exportedField(f, {"cshost"}));
    put("port", sdk::exportedField(f, {"sport"}));
    put("time_taken", sdk::exportedField(f, {"timetaken"}));
    put("bytes", sdk::exportedField(f, {"scbytes"}));
    put("cs_bytes", sdk::exportedField(f, {"csbytes"}));
    put("result", sdk::exportedField(f, {"result"}));
    put("computer", sdk::exportedField(f, {"computername", "computer"}));
    if (std::string_view id = sdk::exportedField(f, {"resourceid", "resourceid"}); !id.empty())
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
