// `journalctl -o json`: one object per line with __REALTIME_TIMESTAMP (microseconds, as a
// string), _HOSTNAME, SYSLOG_IDENTIFIER or _COMM, _PID and MESSAGE (a string, or an array of
// bytes when it is not valid UTF-8). Messages are classified like syslog ones.
#include <memory>

#include "detect/readers/formats.h"
#include "detect/readers/json_fields.h"
#include "detect/readers/syslog_messages.h"

namespace bulwark::detect {
namespace {

using nlohmann::json;

class JournalReader : public LineReader {
  std::string parseLine(const Line& line, const EventSink& emit) override {
    json doc = json::parse(line.text, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) return "not a JSON object";
    std::string stamp = jsonText(doc, "__REALTIME_TIMESTAMP");
    if (stamp.empty()) return "no __REALTIME_TIMESTAMP";
    int64_t micros = 0;
    for (char c : stamp) {
      if (c < '0' || c > '9') return "__REALTIME_TIMESTAMP is not a number";
      micros = micros * 10 + (c - '0');
    }
    std::string message;
    auto m = doc.find("MESSAGE");
    if (m != doc.end() && m->is_string()) {
      message = m->get<std::string>();
    } else if (m != doc.end() && m->is_array()) {
      for (const json& b : *m) {
        if (b.is_number_unsigned()) message.push_back(static_cast<char>(b.get<unsigned>()));
      }
    }
    Event e = eventFor(line);
    e.source = line.keys.intern("journald");
    e.timeNs = micros * 1000;
    std::string program = jsonText(doc, "SYSLOG_IDENTIFIER");
    if (program.empty()) program = jsonText(doc, "_COMM");
    std::string host = jsonText(doc, "_HOSTNAME");
    std::string pid = jsonText(doc, "_PID");
    if (!host.empty()) e.set(keys::kHost, host);
    if (!program.empty()) e.set(keys::kProcess, program);
    if (!pid.empty()) e.set(keys::kPid, pid);
    std::string unit = jsonText(doc, "_SYSTEMD_UNIT");
    if (!unit.empty()) e.set(line.keys.intern("unit"), unit);
    if (classifierKeys_ == nullptr || classifierTable_ != &line.keys) {
      classifierKeys_ = std::make_unique<SyslogKeys>(line.keys);
      classifierTable_ = &line.keys;
    }
    classifySyslogMessage(program, message, e, *classifierKeys_);
    emit(std::move(e));
    return {};
  }

  std::unique_ptr<SyslogKeys> classifierKeys_;  // interned once, not per line
  const KeyTable* classifierTable_ = nullptr;
};

}  // namespace

std::unique_ptr<Reader> makeJournalReader() {
  return std::make_unique<JournalReader>();
}

}  // namespace bulwark::detect
