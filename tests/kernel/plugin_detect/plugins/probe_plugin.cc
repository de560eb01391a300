// A plugin that exercises the kernel's defences at the SDK boundary during detection.
// Event source "probe" reads lines (resumable, so it can be followed) "<unix seconds> <type>
// [key=value ...]": a line that is not like that is skipped through the SDK; type "wire.badkey" is
// sent as a raw bw_event with a key the host never gave. Its native detector raises "probe.marked"
// for each event of type "probe.alert", and misbehaves on purpose for the other "probe.*" types.
#include <bulwark/plugin.hpp>

#include <fstream>
#include <sstream>

namespace {

using namespace bulwark::sdk;

// Whole lines from position.offset; a last line without its newline waits.
void readProbe(const std::string& path, ReadPosition& position, EventSink& sink,
               const Context& ctx) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path + ": cannot open");
  in.seekg(static_cast<std::streamoff>(position.offset));
  std::string line;
  while (std::getline(in, line)) {
    if (in.eof()) break;  // no newline yet
    position.offset += line.size() + 1;
    uint64_t number = ++position.record;
    std::istringstream words(line);
    long long seconds = 0;
    std::string type;
    if (!(words >> seconds >> type) || seconds <= 0) {
      sink.skip(number, "expected '<unix seconds> <type>'");
      continue;
    }
    if (type == "wire.badkey") {
      sink.flush();
      bw_field field{999999, toBw("x")};
      bw_event wire{seconds * 1000000000LL,
                    ctx.host.intern("probe"),
                    ctx.host.intern(type),
                    bw_str{},
                    &field,
                    1,
                    toBw(line)};
      ctx.host.emitEvents(&wire, 1);
      continue;
    }
    Event e;
    e.timeNs = seconds * 1000000000LL;
    e.type = type;
    e.raw = line;
    for (std::string pair; words >> pair;) {
      size_t eq = pair.find('=');
      if (eq != std::string::npos) e.fields.emplace_back(pair.substr(0, eq), pair.substr(eq + 1));
    }
    sink.emit(std::move(e));
  }
}

void detectProbe(const bw_event* events, size_t count, const Context& ctx) {
  const bw_key user = ctx.host.intern("user");
  std::vector<Alert> alerts;
  for (size_t i = 0; i < count; ++i) {
    EventView e(events[i], ctx.host);
    std::string type(e.type());
    if (type.rfind("probe.", 0) != 0) continue;
    if (type == "probe.throw") throw std::runtime_error("probe detector throws on purpose");
    Alert a;
    a.ruleId = "probe.marked";
    a.severity = Severity::Medium;
    a.timeNs = e.timeNs();
    a.entities = {{"user", std::string(e.field(user))}};
    a.evidence = Json::array({"probe saw: " + std::string(e.raw())});
    if (type == "probe.empty-rule") a.ruleId = "";
    if (type == "probe.undeclared") a.ruleId = "probe.never-declared";
    if (type == "probe.no-time") a.timeNs = 0;
    if (type == "probe.bad-severity" || type == "probe.alert") {
      std::vector<Alert> one{a};
      if (type == "probe.alert") {
        emitAlerts(ctx.host, one);
        continue;
      }
      // A severity outside bw_severity, sent as raw structs.
      bw_field entity{user, toBw(a.entities[0].second)};
      bw_alert raw{
          toBw(a.ruleId), static_cast<bw_severity>(7), a.timeNs, bw_str{}, bw_str{}, &entity, 1,
          bw_str{}};
      ctx.host.emitAlerts(&raw, 1);
      continue;
    }
    if (type == "probe.bad-evidence") {
      bw_alert raw{toBw(a.ruleId), BW_SEVERITY_LOW, a.timeNs, bw_str{},
                   bw_str{},       nullptr,         0,        toBw("{not json")};
      ctx.host.emitAlerts(&raw, 1);
      continue;
    }
    if (type == "probe.bad-entity") {
      bw_field entity{424242, toBw("x")};
      bw_alert raw{toBw(a.ruleId), BW_SEVERITY_LOW, a.timeNs, bw_str{},
                   bw_str{},       &entity,         1,        bw_str{}};
      ctx.host.emitAlerts(&raw, 1);
      continue;
    }
    alerts.push_back(std::move(a));
  }
  emitAlerts(ctx.host, alerts);
}

PluginDef makeProbe() {
  PluginDef def;
  def.id = "probe";
  def.version = "1.1.0";
  def.description = "test plugin: event source and native detector that misbehave on purpose";
  NativeRuleDef marked;
  marked.id = "probe.marked";
  marked.title = "Probe marked event";
  marked.severity = Severity::Medium;
  marked.tactic = "Execution";
  marked.technique = "T1059";
  marked.dedupSeconds = 0;
  def.ruleSets.push_back({"probe", "probe detector", "", detectProbe, {marked}});
  def.eventSources.push_back({"probe", "probe lines", readProbe});
  return def;
}

}  // namespace

BULWARK_PLUGIN(makeProbe)
