#include "kernel/detect/detect_test_support.h"

#include <sstream>

namespace bulwark::test {

using namespace bulwark::detect;

ReadResult readText(KeyTable& keys, const std::string& type, const std::string& text, int year) {
  static const std::string kFile = "test.log";
  ReaderOptions options;
  options.defaultYear = year;
  auto reader = makeReader(type, options);
  std::istringstream in(text);
  ReadResult r;
  reader->read(
      in, kFile, keys, [&](Event&& e) { r.events.push_back(std::move(e)); }, r.stats);
  return r;
}

ReadResult readPath(KeyTable& keys, const std::string& type, const std::string& path, int year) {
  ReaderOptions options;
  options.defaultYear = year;
  ReadResult r;
  r.stats =
      readSource(type, path, keys, options, [&](Event&& e) { r.events.push_back(std::move(e)); });
  return r;
}

std::vector<Alert> runRules(KeyTable& keys, const std::string& rulesYaml, std::vector<Event> events,
                            EngineOptions options) {
  Engine engine(loadRulesText(rulesYaml, "test-rules.yaml", keys), keys, options);
  for (auto& e : events)
    engine.push(std::move(e));
  engine.flush();
  return engine.alerts();
}

Event makeEvent(KeyTable& keys, const std::string& type, int64_t second,
                const std::vector<std::pair<std::string, std::string>>& fields) {
  Event e;
  e.type = keys.intern(type);
  e.source = keys.intern("test");
  e.timeNs = second * 1000000000LL;
  for (const auto& [k, v] : fields)
    e.set(keys.intern(k), v);
  e.raw = type + " at " + std::to_string(second);
  return e;
}

std::vector<std::string> entityValues(const Alert& alert, const std::string& name) {
  std::vector<std::string> out;
  for (const auto& [k, v] : alert.entities) {
    if (k == name) out.push_back(v);
  }
  return out;
}

}  // namespace bulwark::test
