// JSON Lines: one object per line. Every scalar member becomes a field under its dotted path;
// common names are copied to the shared entity keys (ip, user, host, url...), and the time
// comes from @timestamp, timestamp, time, ts or TimeGenerated.
#include "detect/readers/formats.h"
#include "detect/readers/json_fields.h"

namespace bulwark::detect {
namespace {

using nlohmann::json;

struct Alias {
  Key key;
  const char* names[6];
};

class JsonLinesReader : public LineReader {
  std::string parseLine(const Line& line, const EventSink& emit) override {
    json doc = json::parse(line.text, nullptr, false);
    if (doc.is_discarded()) return "not valid JSON";
    if (!doc.is_object()) return "not a JSON object";
    Event e = eventFor(line);
    e.source = line.keys.intern("jsonl");
    flattenInto(doc, e, line.keys);
    for (const char* name : {"@timestamp", "timestamp", "time", "ts", "TimeGenerated"}) {
      auto it = doc.find(name);
      if (it != doc.end()) {
        auto t = jsonTime(*it);
        if (!t) return std::string("unreadable time in \"") + name + "\"";
        e.timeNs = *t;
        break;
      }
    }
    static const Alias kAliases[] = {
        {keys::kIp, {"ip", "src_ip", "source_ip", "client_ip", "clientip", "remote_addr"}},
        {keys::kUser, {"user", "username", "user_name", "account", "principal", nullptr}},
        {keys::kHost, {"host", "hostname", "computer", "Computer", nullptr, nullptr}},
        {keys::kUrl, {"url", "uri", "request_uri", nullptr, nullptr, nullptr}},
    };
    for (const auto& alias : kAliases) {
      if (e.has(alias.key)) continue;
      for (const char* name : alias.names) {
        if (name == nullptr) break;
        std::string v = jsonText(doc, name);
        if (!v.empty()) {
          e.set(alias.key, v);
          break;
        }
      }
    }
    std::string type = jsonText(doc, "event.type");
    if (type.empty()) type = jsonText(doc, "type");
    e.type = line.keys.intern(type.empty() ? "json.record" : type);
    emit(std::move(e));
    return {};
  }
};

}  // namespace

std::unique_ptr<Reader> makeJsonLinesReader() {
  return std::make_unique<JsonLinesReader>();
}

}  // namespace bulwark::detect
