// Azure Activity Log records: a JSON document holding an array of records (bare, or under
// "value" as the REST API returns them, or "records" as diagnostic settings export them), or
// JSON Lines of records. Both the REST shape (eventTimestamp, operationName.value, caller,
// httpRequest.clientIpAddress) and the export shape (time, operationName, identity,
// callerIpAddress) are read.
#include <sstream>

#include "detect/readers/formats.h"
#include "detect/readers/json_fields.h"

namespace bulwark::detect {
namespace {

using nlohmann::json;

std::string firstText(const json& doc, std::initializer_list<const char*> paths) {
  for (const char* p : paths) {
    std::string v = jsonText(doc, p);
    if (!v.empty()) return v;
  }
  return {};
}

// Turns one record into an event; returns the reason when it cannot.
std::string recordEvent(const json& r, Event& e, KeyTable& k) {
  if (!r.is_object()) return "record is not a JSON object";
  std::optional<int64_t> time;
  for (const char* name : {"eventTimestamp", "time", "submissionTimestamp"}) {
    auto it = r.find(name);
    if (it != r.end() && (time = jsonTime(*it))) break;
  }
  if (!time) return "record without a readable eventTimestamp or time";
  std::string operation = firstText(r, {"operationName.value", "operationName"});
  if (operation.empty()) return "record without an operationName";
  e.timeNs = *time;
  e.source = k.intern("azure-activity");
  e.type = k.intern("azure.activity");
  e.set(keys::kOperation, operation);
  e.resourceId = firstText(r, {"resourceId"});
  auto put = [&](Key key, std::string value) {
    if (!value.empty()) e.set(key, std::move(value));
  };
  put(keys::kUser, firstText(r, {"caller", "identity.claims.name",
                                 "identity.claims.http://schemas.xmlsoap.org/ws/2005/05/"
                                 "identity/claims/upn"}));
  put(keys::kIp, firstText(r, {"httpRequest.clientIpAddress", "callerIpAddress"}));
  put(k.intern("category"), firstText(r, {"category.value", "category"}));
  put(keys::kStatus, firstText(r, {"status.value", "resultType", "status"}));
  put(k.intern("level"), firstText(r, {"level"}));
  put(k.intern("correlation_id"), firstText(r, {"correlationId"}));
  put(k.intern("subscription_id"), firstText(r, {"subscriptionId"}));
  put(k.intern("resource_group"), firstText(r, {"resourceGroupName"}));
  put(k.intern("resource_provider"), firstText(r, {"resourceProviderName.value"}));
  return {};
}

class AzureActivityReader : public Reader {
 public:
  void read(std::istream& in, const std::string& file, KeyTable& keys, const EventSink& sink,
            ReadStats& stats) override {
    std::stringstream buffer;
    buffer << in.rdbuf();
    std::string text = buffer.str();
    size_t first = text.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return;
    json doc = json::parse(text, nullptr, false);
    if (!doc.is_discarded() && (doc.is_array() || (doc.is_object() && !isJsonLines(text)))) {
      const json* records = &doc;
      if (doc.is_object()) {
        if (doc.contains("value"))
          records = &doc["value"];
        else if (doc.contains("records"))
          records = &doc["records"];
      }
      if (!records->is_array()) {
        ++stats.lines;
        emitRecord(*records, text, file, 1, keys, sink, stats);
        return;
      }
      for (const json& r : *records) {
        ++stats.lines;
        emitRecord(r, r.dump(), file, 0, keys, sink, stats);
      }
      return;
    }
    if (text[first] == '[' || !isJsonLines(text)) {
      // A broken document: report where the parser stopped.
      try {
        json unused = json::parse(text);
        (void)unused;
      } catch (const json::parse_error& err) {
        ++stats.lines;
        // err.byte counts the characters read; the offending one is the last of them.
        stats.fail(file, lineOfOffset(text, err.byte > 0 ? err.byte - 1 : 0), err.what());
      }
      return;
    }
    std::istringstream lines(text);
    std::string line;
    uint64_t number = 0;
    while (std::getline(lines, line)) {
      ++number;
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      ++stats.lines;
      json r = json::parse(line, nullptr, false);
      if (r.is_discarded()) {
        stats.fail(file, number, "not valid JSON");
        continue;
      }
      emitRecord(r, line, file, number, keys, sink, stats);
    }
  }

 private:
  static bool isJsonLines(const std::string& text) {
    size_t nl = text.find('\n');
    if (nl == std::string::npos) return false;
    json firstLine = json::parse(std::string_view(text).substr(0, nl), nullptr, false);
    return !firstLine.is_discarded() && firstLine.is_object();
  }

  static void emitRecord(const json& r, std::string raw, const std::string& file, uint64_t line,
                         KeyTable& keys, const EventSink& sink, ReadStats& stats) {
    Event e;
    std::string error = recordEvent(r, e, keys);
    if (!error.empty()) {
      stats.fail(file, line,
                 line == 0 ? error + " (record " + std::to_string(stats.lines) + ")" : error);
      return;
    }
    e.raw = std::move(raw);
    e.file = &file;
    e.line = line;
    ++stats.events;
    sink(std::move(e));
  }
};

}  // namespace

std::unique_ptr<Reader> makeAzureActivityReader() {
  return std::make_unique<AzureActivityReader>();
}

}  // namespace bulwark::detect
