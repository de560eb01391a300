// Header-only C++ layer over the Bulwark C ABI (plugin.h) for plugin authors.
//
// A plugin declares its collectors, assessments, rule sets and event sources as data in one
// function that returns a PluginDef, then writes BULWARK_PLUGIN(thatFunction) once. The macro
// generates the exported entry point, the C function table and the manifest, so metadata cannot
// drift from code. Every thunk, construction included, catches every exception and fails closed: an
// assessment that throws is reported as an error, never as healthy.
//
// ABI 1.2 adds CLI commands, HTTP routes and a background service for `bulwark server`, and the
// host's vulnerability database and persistent state (Host::vulnDb(), Host::state()).
//
// Everything here lives inside the plugin; only the C types of plugin.h cross the boundary.
#ifndef BULWARK_PLUGIN_HPP
#define BULWARK_PLUGIN_HPP

#include <bulwark/plugin.h>
#include <bulwark/sdk/bw_str.hpp>
#include <bulwark/sdk/http.hpp>
#include <bulwark/sdk/json.hpp>
#include <bulwark/sdk/output.hpp>
#include <bulwark/sdk/state.hpp>
#include <bulwark/sdk/vulndb.hpp>

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <cstring>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace bulwark::sdk {

enum class Severity { Informational, Low, Medium, High };
enum class State { Healthy, Unhealthy, NotApplicable, Error };

inline const char* severityName(Severity s) {
  switch (s) {
    case Severity::High:
      return "High";
    case Severity::Medium:
      return "Medium";
    case Severity::Low:
      return "Low";
    case Severity::Informational:
      return "Informational";
  }
  return "Informational";
}

// The outcome of one assessment on one resource.
struct Verdict {
  State state = State::Error;
  std::string reason;
  Json evidence = Json::object();

  static Verdict healthy(std::string reason, Json evidence = Json::object()) {
    return {State::Healthy, std::move(reason), std::move(evidence)};
  }
  static Verdict unhealthy(std::string reason, Json evidence = Json::object()) {
    return {State::Unhealthy, std::move(reason), std::move(evidence)};
  }
  static Verdict notApplicable(std::string reason) {
    return {State::NotApplicable, std::move(reason), Json::object()};
  }
};

// A read-only view of one ARM resource document as the kernel hands it to an assessment.
class Resource {
 public:
  explicit Resource(const Json& doc) : doc_(doc) {}

  const Json& json() const { return doc_; }
  std::string id() const { return text("id"); }
  std::string type() const { return text("type"); }
  std::string name() const { return text("name"); }

  // Value at a dotted path such as "properties.networkAcls.defaultAction", or nullptr.
  const Json* find(std::string_view dottedPath) const {
    const Json* node = &doc_;
    while (node != nullptr && !dottedPath.empty()) {
      size_t dot = dottedPath.find('.');
      node = findMember(*node, dottedPath.substr(0, dot));
      dottedPath = dot == std::string_view::npos ? std::string_view{} : dottedPath.substr(dot + 1);
    }
    return node;
  }

  // Child resources the kernel attached whose type ends with "/<typeSuffix>" (any case),
  // e.g. children("blobServices") on a storage account.
  std::vector<Resource> children(std::string_view typeSuffix) const {
    std::vector<Resource> out;
    const Json* list = findMember(doc_, "children");
    if (list == nullptr || !list->is_array()) return out;
    for (const Json& child : *list) {
      const Json* type = findMember(child, "type");
      if (type == nullptr || !type->is_string()) continue;
      std::string t = type->get<std::string>();
      if (t.size() > typeSuffix.size() && t[t.size() - typeSuffix.size() - 1] == '/' &&
          endsWithIgnoreCase(t, typeSuffix)) {
        out.emplace_back(child);
      }
    }
    return out;
  }

 private:
  std::string text(std::string_view key) const {
    const Json* v = findMember(doc_, key);
    return v != nullptr && v->is_string() ? v->get<std::string>() : std::string{};
  }
  const Json& doc_;
};

// The kernel's services, as seen from inside one plugin instance.
class Host {
 public:
  explicit Host(const bw_host_api* api) : api_(api) {}

  void log(bw_log_level level, std::string_view message) const {
    api_->log(api_->ctx, level, toBw(message));
  }
  void info(std::string_view m) const { log(BW_LOG_INFO, m); }
  void warning(std::string_view m) const { log(BW_LOG_WARNING, m); }
  void error(std::string_view m) const { log(BW_LOG_ERROR, m); }
  bool cancelled() const { return api_->cancelled(api_->ctx) != 0; }

  // Inventory documents of one ARM type within the scan's scopes (collect phase only); for a
  // scope inside a subscription, also that subscription's own subscription-level documents
  // (Microsoft.Security/pricings, say), which hold for every resource of the scope.
  std::vector<Json> inventory(std::string_view type) const {
    std::vector<Json> out;
    size_t n = api_->inventory_count(api_->ctx, toBw(type));
    out.reserve(n);
    for (size_t i = 0; i < n; ++i) {
      out.push_back(Json::parse(fromBw(api_->inventory_get(api_->ctx, toBw(type), i))));
    }
    return out;
  }

  void emitResource(const Json& doc) const {
    std::string text = doc.dump();
    if (api_->emit_resource(api_->ctx, toBw(text)) != BW_OK) {
      throw std::runtime_error("kernel refused resource " + doc.value("id", std::string{}));
    }
  }

  bw_key intern(std::string_view text) const { return api_->intern(api_->ctx, toBw(text)); }
  std::string_view keyText(bw_key key) const { return fromBw(api_->key_text(api_->ctx, key)); }

  void emitAlerts(const bw_alert* alerts, size_t count) const {
    if (api_->emit_alerts(api_->ctx, alerts, count) != BW_OK) {
      throw std::runtime_error("kernel refused alerts");
    }
  }

  // The event intake of ABI 1.1; a 1.0 kernel's table ends before it.
  bool offersEventIntake() const {
    return api_->struct_size >= offsetof(bw_host_api, skip_record) + sizeof(api_->skip_record) &&
           api_->emit_events != nullptr && api_->skip_record != nullptr;
  }
  void emitEvents(const bw_event* events, size_t count) const {
    if (!offersEventIntake()) throw std::runtime_error("the kernel has no event intake (ABI 1.0)");
    if (api_->emit_events(api_->ctx, events, count) != BW_OK) {
      throw std::runtime_error("kernel refused events");
    }
  }
  void skipRecord(uint64_t record, std::string_view reason) const {
    if (!offersEventIntake()) throw std::runtime_error("the kernel has no event intake (ABI 1.0)");
    api_->skip_record(api_->ctx, record, toBw(reason));
  }

  // ABI 1.2: the operator's vulnerability database and this plugin's persistent state. Both
  // may be used from any thread the plugin's service starts.
  VulnDbClient vulnDb() const { return VulnDbClient(api_); }
  StateClient state() const { return StateClient(api_); }
  const bw_host_api* api() const { return api_; }

 private:
  const bw_host_api* api_;
};

// What a collector, assessment or detector may use besides its input.
struct Context {
  const Host& host;
  const Json& settings;
};

// An event an event source read, owning its text; EventSink turns it into the wire form.
struct Event {
  int64_t timeNs = 0;  // Unix time, nanoseconds, UTC
  std::string type;    // e.g. "login.session"
  std::string resourceId;
  std::vector<std::pair<std::string, std::string>> fields;  // ip, user, host, process, ...
  std::string raw;                                          // the record as text, for evidence
  uint64_t record = 0;  // 1-based line or record number, shown with the file; 0: none
};

// Copies of text that stay in place until clear(), which keeps the memory for reuse: the
// strings of one batch of events, with no allocation once it has grown.
class TextArena {
 public:
  std::string_view keep(std::string_view text) {
    if (text.empty()) return {};
    while (current_ < chunks_.size() && used_ + text.size() > chunks_[current_].size) {
      ++current_;
      used_ = 0;
    }
    if (current_ == chunks_.size()) {
      size_t size = std::max(kChunk, text.size());
      chunks_.push_back(Chunk{std::make_unique<char[]>(size), size});
      used_ = 0;
    }
    char* at = chunks_[current_].data.get() + used_;
    std::memcpy(at, text.data(), text.size());
    used_ += text.size();
    return std::string_view(at, text.size());
  }
  void clear() {
    current_ = 0;
    used_ = 0;
  }

 private:
  static constexpr size_t kChunk = 256 * 1024;
  struct Chunk {
    std::unique_ptr<char[]> data;
    size_t size;
  };
  std::vector<Chunk> chunks_;
  size_t current_ = 0;
  size_t used_ = 0;
};

// Hands events to the kernel in batches of C structs with interned keys, and reports records
// that do not parse. Call flush() at the end (the read_events thunk does).
//
// A source builds each event in place: begin(), then resourceId() and field(), then end(). The
// text it passes stays its own and is not copied: it must stay valid until the next flush()
// (the kernel copies events as they arrive), so a source flushes before it reuses the memory
// its events point into, e.g. the block it reads lines from. keep() copies text the source
// cannot hold that long (a decoded value) into the sink, until the next flush. emit() copies a
// whole Event. Batches, keys and copies reuse their memory from flush to flush.
class EventSink {
 public:
  static constexpr size_t kBatch = 1024;

  EventSink(const Host& host, std::string_view source)
      : host_(host), source_(key(source)), record_(key(BW_RECORD_FIELD)) {}

  // The interned key of `text`; cached, so asking again costs a lookup and no allocation.
  bw_key key(std::string_view text) {
    auto it = keys_.find(text);
    if (it != keys_.end()) return it->second;
    bw_key k = host_.intern(text);
    keys_.emplace(std::string(text), k);
    return k;
  }

  // Starts an event; `record` (1-based, 0 for none) is shown with the file name in evidence.
  void begin(int64_t timeNs, bw_key type, std::string_view raw, uint64_t record = 0) {
    bw_event e{};
    e.time_unix_ns = timeNs;
    e.source = source_;
    e.type = type;
    e.raw = toBw(raw);
    wire_.push_back(e);
    firstField_.push_back(fields_.size());
    if (record > 0) {
      char digits[24];
      size_t n = 0;
      for (uint64_t v = record; v > 0; v /= 10)
        digits[sizeof digits - ++n] = static_cast<char>('0' + v % 10);
      field(record_, keep(std::string_view(digits + sizeof digits - n, n)));
    }
  }
  void resourceId(std::string_view id) { wire_.back().resource_id = toBw(id); }
  void field(bw_key key, std::string_view value) { fields_.push_back(bw_field{key, toBw(value)}); }
  std::string_view keep(std::string_view text) { return text_.keep(text); }
  // The event begun last is complete; a full batch goes to the kernel.
  void end() {
    if (wire_.size() >= kBatch) flush();
  }

  void emit(const Event& event) {
    begin(event.timeNs, key(event.type), keep(event.raw), event.record);
    resourceId(keep(event.resourceId));
    for (const auto& [name, value] : event.fields)
      field(key(name), keep(value));
    end();
  }
  // A record (1-based line or record number) that does not parse; reading goes on.
  void skip(uint64_t record, std::string_view reason) { host_.skipRecord(record, reason); }
  void flush() {
    if (wire_.empty()) return;
    for (size_t i = 0; i < wire_.size(); ++i) {
      size_t first = firstField_[i];
      size_t last = i + 1 < wire_.size() ? firstField_[i + 1] : fields_.size();
      wire_[i].fields = fields_.data() + first;
      wire_[i].field_count = last - first;
    }
    host_.emitEvents(wire_.data(), wire_.size());
    wire_.clear();
    firstField_.clear();
    fields_.clear();
    text_.clear();
  }

 private:
  struct TextHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  const Host& host_;
  std::unordered_map<std::string, bw_key, TextHash, std::equal_to<>> keys_;
  bw_key source_;
  bw_key record_;
  std::vector<bw_event> wire_;
  std::vector<size_t> firstField_;  // into fields_, per event of wire_
  std::vector<bw_field> fields_;
  TextArena text_;
};

// Read access to one event of a detect batch by field name.
class EventView {
 public:
  EventView(const bw_event& event, const Host& host) : event_(event), host_(host) {}
  int64_t timeNs() const { return event_.time_unix_ns; }
  std::string_view type() const { return host_.keyText(event_.type); }
  std::string_view source() const { return host_.keyText(event_.source); }
  std::string_view resourceId() const { return fromBw(event_.resource_id); }
  std::string_view raw() const { return fromBw(event_.raw); }
  // The value of a field by key (from Host::intern); empty when absent.
  std::string_view field(bw_key key) const {
    for (size_t i = 0; i < event_.field_count; ++i) {
      if (event_.fields[i].key == key) return fromBw(event_.fields[i].value);
    }
    return {};
  }

 private:
  const bw_event& event_;
  const Host& host_;
};

// An alert a native detector raises; `ruleId` must be declared in its RuleSetDef's
// nativeRules; an empty title is taken from that declaration, as are MITRE and remediation.
struct Alert {
  std::string ruleId;
  Severity severity = Severity::Medium;
  int64_t timeNs = 0;
  std::string resourceId;
  std::string title;
  std::vector<std::pair<std::string, std::string>> entities;  // (field, value)
  Json evidence = Json::array();  // array of strings (lines) or an object
};

// Sends alerts to the kernel as one batch of C structs.
inline void emitAlerts(const Host& host, const std::vector<Alert>& alerts) {
  if (alerts.empty()) return;
  std::vector<std::string> evidence;
  evidence.reserve(alerts.size());
  size_t entityCount = 0;
  for (const Alert& a : alerts) {
    evidence.push_back(a.evidence.is_null()
                           ? std::string{}
                           : a.evidence.dump(-1, ' ', false, Json::error_handler_t::replace));
    entityCount += a.entities.size();
  }
  std::vector<bw_field> entities;
  entities.reserve(entityCount);  // no reallocation: alerts point into it
  std::vector<bw_alert> wire;
  wire.reserve(alerts.size());
  for (size_t i = 0; i < alerts.size(); ++i) {
    const Alert& a = alerts[i];
    size_t first = entities.size();
    for (const auto& [name, value] : a.entities)
      entities.push_back(bw_field{host.intern(name), toBw(value)});
    wire.push_back(bw_alert{toBw(a.ruleId), static_cast<bw_severity>(static_cast<int>(a.severity)),
                            a.timeNs, toBw(a.resourceId), toBw(a.title), entities.data() + first,
                            a.entities.size(), toBw(evidence[i])});
  }
  host.emitAlerts(wire.data(), wire.size());
}

struct CollectorDef {
  std::string id;
  std::string description;
  std::vector<std::string> types;  // the ARM types this collector produces
  // Empty means "take the kernel's ARM snapshot resources of `types` as they are".
  std::function<void(const Context&)> run;
};

struct AssessmentDef {
  std::string id;  // globally unique, e.g. "storage.secure-transfer"
  std::string title;
  std::string resourceType;
  Severity severity = Severity::Medium;
  std::string control;  // the security control it belongs to
  std::string description;
  std::string remediation;
  std::string policyDefinitionId;  // the Azure Policy built-in it mirrors, if any
  // A command that fixes one resource; "{id}" is replaced by the resource id.
  std::string quickFix;
  // Controls of compliance standards this assessment evidences, e.g.
  // {"CIS Microsoft Azure Foundations Benchmark v3.0.0", "3.1"}.
  std::vector<std::pair<std::string, std::string>> compliance;
  // Native assessments set `check`. Declarative ones set `policy` instead: an Azure Policy
  // definition (JSON text) that the kernel evaluates; plugin settings whose names match its
  // parameters supply their values, and the operator's security policy may override them.
  std::function<Verdict(const Resource&, const Context&)> check;
  std::string policy;
  // Declarative: values for the definition's parameters in place of its own defaults (the
  // manifest's "defaultParameters"), below plugin settings and the security policy.
  // {"effect": "Disabled"} ships a recommendation the operator turns on (security policy
  // `effect: audit`).
  Json defaultParameters = Json::object();
};

// A rule a native detector raises: its metadata travels in the manifest, so the kernel
// knows every rule id before any alert arrives (and refuses alerts of undeclared ones).
struct NativeRuleDef {
  std::string id;  // globally unique, like YAML rule ids
  std::string title;
  std::string description;
  Severity severity = Severity::Medium;
  std::string tactic;     // MITRE ATT&CK tactic, e.g. "Execution"
  std::string technique;  // MITRE ATT&CK technique id(s), e.g. "T1059.004"
  std::string remediation;
  // Alerts of this rule with the same entities within this many seconds merge into one.
  int64_t dedupSeconds = 3600;
};

struct RuleSetDef {
  std::string id;
  std::string title;
  std::string rulesYaml;  // rules in the detection rule language, shipped as data
  // Optional native detector over event batches; alerts go out through emitAlerts().
  std::function<void(const bw_event*, size_t, const Context&)> detect;
  std::vector<NativeRuleDef> nativeRules;  // what `detect` may raise
};

// Where reading of one file starts and how far it got (bw_read_position).
struct ReadPosition {
  uint64_t offset = 0;  // a record boundary: 0 or an offset `read` reached before
  uint64_t record = 0;  // records (lines) before `offset`
};

// An event source (ABI 1.1): `bulwark detect --source TYPE:PATH` uses it when no kernel
// reader has TYPE, --follow included. `read` reads one file from position.offset, hands records
// to the sink and advances `position` past each whole record; it leaves a partial record at
// the end of the file alone (the kernel reports it, or reads it once the file has grown).
struct EventSourceDef {
  std::string type;
  std::string description;
  std::function<void(const std::string& path, ReadPosition& position, EventSink& sink,
                     const Context&)>
      read;
};

// ---- UEBA activity declarations (manifest "activities" and "anomalyKinds") ----

// A test of an event type or an operation name.
struct TextMatch {
  enum class Kind { Equals, Prefix, Suffix, Contains };
  Kind kind = Kind::Equals;
  std::string text;
  bool nocase = false;  // ASCII case-insensitive

  static TextMatch equals(std::string t, bool nocase = false) {
    return {Kind::Equals, std::move(t), nocase};
  }
  static TextMatch prefix(std::string t, bool nocase = false) {
    return {Kind::Prefix, std::move(t), nocase};
  }
  static TextMatch suffix(std::string t, bool nocase = false) {
    return {Kind::Suffix, std::move(t), nocase};
  }
  static TextMatch contains(std::string t, bool nocase = false) {
    return {Kind::Contains, std::move(t), nocase};
  }
};

// An anomaly UEBA raises for a plugin's principals: the alert's rule id (globally unique),
// title, severity, MITRE tactic and technique and remediation, and its description: a template
// whose {placeholders} the check raising it fills in (the kernel's loader refuses names the
// check does not offer; kernel/loader/activity_declaration.h lists each check's).
struct AnomalyKindDef {
  std::string id;
  std::string title;
  Severity severity = Severity::Medium;
  std::string tactic;
  std::string technique;
  std::string remediation;
  std::string description;
};

// Which of the plugin's event types are the activity of a principal UEBA baselines, and how
// to read them. The kernel learns per principal the operations, addresses (and countries),
// and per hour the deletions and bytes out, and raises the anomaly kinds `checks` maps:
//   new-operation, new-country, new-address, impossible-travel, mass-deletion,
//   delegated-new-address (needs delegatedCredential), unusual-extraction (needs bytesOut).
struct ActivityDef {
  std::string id;  // unique in the plugin
  std::string description;
  std::vector<TextMatch> types;  // event types that are this activity
  std::string principalField;    // events without it are not analysed
  std::string principalPrefix;   // names the baseline: prefix + value (e.g. "storage-account/")
  std::string addressField;      // the caller's address; empty: no address checks
  enum class OperationFrom { Field, Type, TypeSuffix };
  OperationFrom operationFrom = OperationFrom::Field;
  std::string operationField;    // Field; TypeSuffix takes what follows the matched type prefix
  std::string operationDefault;  // Field: the operation of events without it (empty: skipped)
  // Success: no field, an empty value, an HTTP status 2xx (successHttpStatus) or a value
  // ending (any case) with one of successSuffixes. Deletions and bytes out count on success.
  std::string successField;
  bool successHttpStatus = false;
  std::vector<std::string> successSuffixes;
  std::vector<TextMatch> deletions;  // operations that delete
  std::string bytesOutField;         // decimal bytes sent out, counted for bytesOutOperations
  std::vector<TextMatch> bytesOutOperations;
  std::string delegatedField;        // a delegated credential authorised the event when this field
  std::string delegatedValue;        // equals this value (e.g. auth == SAS)
  bool principalIsResource = false;  // hourly alerts carry the principal's resource id
  std::vector<std::pair<std::string, std::string>> checks;  // check name -> AnomalyKindDef id
};

// A CLI command (ABI 1.2): `bulwark <name> args...` runs `run` with the arguments after the
// name, minus the host options the kernel takes (--config, --store, --vulndb), and exits with
// what it returns (0 ok, 1 findings, 2 usage, 3 runtime error). Output goes to io.out/io.err.
struct CommandDef {
  std::string name;
  std::string summary;  // one line for `bulwark --help`
  std::function<int(const std::vector<std::string>& args, CommandIo& io, const Context&)> run;
};

// An HTTP route of `bulwark server` (ABI 1.2). `path` is matched exactly, or as a prefix of
// whole segments when `prefix` is set ("/v1/images" serves /v1/images and /v1/images/x).
// Without a `handler`, requests go to the running Service.
struct HttpRouteDef {
  std::string id;
  std::string method = "GET";
  std::string path;
  bool prefix = false;
  RouteAuth auth = RouteAuth::ApiToken;
  std::string secretEnv;  // RouteAuth::Secret: the variable holding the shared secret
  size_t maxBodyBytes = 4u * 1024u * 1024u;
  std::string description;
  std::function<HttpResponse(const HttpRequest&, const Context&)> handler;
};

// An option the plugin adds to `bulwark server` (ABI 1.2): `--<name> VALUE` sets the plugin
// setting `setting` (text: a string, list: repeatable, an array; integer; flag: true).
struct ServerOptionDef {
  enum class Kind { Text, List, Integer, Flag };
  std::string name;
  std::string setting;
  Kind kind = Kind::Text;
  std::string help;
};

// Long-lived work of one instance in `bulwark server` (ABI 1.2), made when the server starts
// it and destroyed after stop(). handle() serves the routes without a handler of their own;
// the kernel calls it from one thread at a time, but it runs alongside the service's threads.
class Service {
 public:
  virtual ~Service() = default;
  // Returns once every thread the service started has stopped.
  virtual void stop() = 0;
  virtual HttpResponse handle(const std::string& routeId, const HttpRequest& request) {
    (void)request;
    return HttpResponse::json(404, "{\"error\":\"no handler for route " + routeId + "\"}");
  }
};

struct PluginDef {
  std::string id;
  std::string version;
  std::string description;
  std::vector<CollectorDef> collectors;
  std::vector<AssessmentDef> assessments;
  std::vector<RuleSetDef> ruleSets;
  std::vector<EventSourceDef> eventSources;
  std::vector<ActivityDef> activities;
  std::vector<AnomalyKindDef> anomalyKinds;
  // Throws to reject the operator's settings at create time.
  std::function<void(const Json&)> validateSettings;
  // ABI 1.2. A JSON Schema (draft 7) of the settings object: `bulwark config validate` checks
  // the operator's settings against it and reports file:line:column. Null: no schema.
  Json settingsSchema;
  std::vector<CommandDef> commands;
  std::vector<HttpRouteDef> httpRoutes;
  std::vector<ServerOptionDef> serverOptions;
  // Starts the plugin's background work in `bulwark server`; null: none. Throwing
  // std::invalid_argument means the settings (server options) do not allow it: the server
  // exits with a usage error and the message.
  std::function<std::unique_ptr<Service>(const Context&)> startService;
};

namespace detail {

inline uint64_t capabilities(const PluginDef& def) {
  uint64_t caps = 0;
  if (!def.collectors.empty()) caps |= BW_CAP_COLLECT;
  if (!def.assessments.empty()) caps |= BW_CAP_ASSESS;
  for (const auto& rs : def.ruleSets) {
    if (rs.detect) caps |= BW_CAP_DETECT;
  }
  if (!def.eventSources.empty()) caps |= BW_CAP_EVENTS;
  if (!def.commands.empty()) caps |= BW_CAP_COMMANDS;
  if (!def.httpRoutes.empty()) caps |= BW_CAP_HTTP;
  if (def.startService) caps |= BW_CAP_SERVICE;
  return caps;
}

inline Json complianceJson(const std::vector<std::pair<std::string, std::string>>& refs) {
  Json out = Json::array();
  for (const auto& [standard, control] : refs) {
    out.push_back({{"standard", standard}, {"control", control}});
  }
  return out;
}

inline Json matchesJson(const std::vector<TextMatch>& matches) {
  static const char* const kKinds[] = {"equals", "prefix", "suffix", "contains"};
  Json out = Json::array();
  for (const auto& m : matches) {
    Json j = {{kKinds[static_cast<int>(m.kind)], m.text}};
    if (m.nocase) j["nocase"] = true;
    out.push_back(j);
  }
  return out;
}

inline Json activityJson(const ActivityDef& a) {
  Json j = {{"id", a.id}, {"description", a.description}, {"types", matchesJson(a.types)}};
  j["principal"] = {{"field", a.principalField}};
  if (!a.principalPrefix.empty()) j["principal"]["prefix"] = a.principalPrefix;
  if (!a.addressField.empty()) j["address"] = {{"field", a.addressField}};
  switch (a.operationFrom) {
    case ActivityDef::OperationFrom::Field:
      j["operation"] = {{"field", a.operationField}};
      if (!a.operationDefault.empty()) j["operation"]["default"] = a.operationDefault;
      break;
    case ActivityDef::OperationFrom::Type:
      j["operation"] = {{"from", "type"}};
      break;
    case ActivityDef::OperationFrom::TypeSuffix:
      j["operation"] = {{"from", "typeSuffix"}};
      break;
  }
  if (!a.successField.empty()) {
    j["success"] = {{"field", a.successField},
                    {"httpStatus", a.successHttpStatus},
                    {"suffixes", a.successSuffixes}};
  }
  if (!a.deletions.empty()) j["deletion"] = {{"operations", matchesJson(a.deletions)}};
  if (!a.bytesOutField.empty()) {
    j["bytesOut"] = {{"field", a.bytesOutField}, {"operations", matchesJson(a.bytesOutOperations)}};
  }
  if (!a.delegatedField.empty())
    j["delegatedCredential"] = {{"field", a.delegatedField}, {"equals", a.delegatedValue}};
  if (a.principalIsResource) j["principalIsResource"] = true;
  j["checks"] = Json::object();
  for (const auto& [check, kind] : a.checks)
    j["checks"][check] = kind;
  return j;
}

inline std::string manifest(const PluginDef& def) {
  Json m;
  m["id"] = def.id;
  m["version"] = def.version;
  m["description"] = def.description;
  m["abi"] = {{"major", BW_ABI_MAJOR}, {"minor", BW_ABI_MINOR}};
  m["collectors"] = Json::array();
  for (const auto& c : def.collectors) {
    m["collectors"].push_back({{"id", c.id}, {"description", c.description}, {"types", c.types}});
  }
  m["assessments"] = Json::array();
  for (const auto& a : def.assessments) {
    m["assessments"].push_back({{"id", a.id},
                                {"title", a.title},
                                {"resourceType", a.resourceType},
                                {"severity", severityName(a.severity)},
                                {"control", a.control},
                                {"description", a.description},
                                {"remediation", a.remediation},
                                {"policyDefinitionId", a.policyDefinitionId},
                                {"quickFix", a.quickFix},
                                {"compliance", complianceJson(a.compliance)},
                                {"policy", a.policy}});
    if (!a.defaultParameters.empty())
      m["assessments"].back()["defaultParameters"] = a.defaultParameters;
  }
  m["ruleSets"] = Json::array();
  for (const auto& r : def.ruleSets) {
    Json native = Json::array();
    for (const auto& n : r.nativeRules) {
      native.push_back({{"id", n.id},
                        {"title", n.title},
                        {"description", n.description},
                        {"severity", severityName(n.severity)},
                        {"tactic", n.tactic},
                        {"technique", n.technique},
                        {"remediation", n.remediation},
                        {"dedupSeconds", n.dedupSeconds}});
    }
    m["ruleSets"].push_back({{"id", r.id},
                             {"title", r.title},
                             {"rules", r.rulesYaml},
                             {"nativeDetector", static_cast<bool>(r.detect)},
                             {"nativeRules", native}});
  }
  m["eventSources"] = Json::array();
  for (const auto& e : def.eventSources)
    m["eventSources"].push_back({{"type", e.type}, {"description", e.description}});
  m["activities"] = Json::array();
  for (const auto& a : def.activities)
    m["activities"].push_back(activityJson(a));
  m["anomalyKinds"] = Json::array();
  for (const auto& k : def.anomalyKinds) {
    m["anomalyKinds"].push_back({{"id", k.id},
                                 {"title", k.title},
                                 {"severity", severityName(k.severity)},
                                 {"tactic", k.tactic},
                                 {"technique", k.technique},
                                 {"remediation", k.remediation},
                                 {"description", k.description}});
  }
  if (!def.settingsSchema.is_null()) m["settingsSchema"] = def.settingsSchema;
  m["commands"] = Json::array();
  for (const auto& c : def.commands)
    m["commands"].push_back({{"name", c.name}, {"summary", c.summary}});
  m["httpRoutes"] = Json::array();
  for (const auto& r : def.httpRoutes) {
    Json route = {{"id", r.id},
                  {"method", r.method},
                  {"path", r.path},
                  {"prefix", r.prefix},
                  {"auth", r.auth == RouteAuth::ApiToken ? "api-token" : "secret"},
                  {"maxBodyBytes", r.maxBodyBytes},
                  {"description", r.description}};
    if (r.auth == RouteAuth::Secret) route["secretEnv"] = r.secretEnv;
    m["httpRoutes"].push_back(route);
  }
  m["serverOptions"] = Json::array();
  for (const auto& o : def.serverOptions) {
    static const char* kKinds[] = {"text", "list", "integer", "flag"};
    m["serverOptions"].push_back({{"name", o.name},
                                  {"setting", o.setting},
                                  {"kind", kKinds[static_cast<int>(o.kind)]},
                                  {"help", o.help}});
  }
  m["service"] = static_cast<bool>(def.startService);
  return m.dump();
}

}  // namespace detail
}  // namespace bulwark::sdk

// The opaque instance type of the C ABI, defined by the C++ layer.
struct bw_plugin {
  bw_plugin(const bulwark::sdk::PluginDef* d, bulwark::sdk::Host h, bulwark::sdk::Json s)
      : def(d), host(h), settings(std::move(s)) {}

  const bulwark::sdk::PluginDef* def;
  bulwark::sdk::Host host;
  bulwark::sdk::Json settings;
  std::string lastError;
  std::string reason;
  std::string evidence;
  std::unique_ptr<bulwark::sdk::Service> service;  // while start_service..stop_service
  bulwark::sdk::HttpResponse response;             // the last handle_http answer
  std::vector<bw_http_header> responseHeaders;     // its headers, pointing into it
};

namespace bulwark::sdk::detail {

template <const PluginDef& (*Definition)()>
struct Thunks {
  static bw_status fail(bw_plugin* p, std::string message) {
    p->lastError = std::move(message);
    return BW_ERROR;
  }

  static bw_status create(const bw_host_api* host, bw_str settings, bw_plugin** out) {
    if (out == nullptr) return BW_INVALID_ARGUMENT;
    *out = nullptr;
    if (host == nullptr) return BW_INVALID_ARGUMENT;
    try {
      const PluginDef& def = Definition();
      Json parsed = settings.len == 0 ? Json::object() : Json::parse(fromBw(settings));
      if (def.validateSettings) def.validateSettings(parsed);
      *out = new bw_plugin(&def, Host(host), std::move(parsed));
      return BW_OK;
    } catch (const std::exception& e) {
      Host(host).error(std::string("cannot create plugin instance: ") + e.what());
    } catch (...) {
      Host(host).error("cannot create plugin instance: unknown exception");
    }
    return BW_ERROR;
  }

  static void destroy(bw_plugin* p) {
    if (p != nullptr && p->service) stopService(p);
    delete p;
  }

  static bw_str lastError(bw_plugin* p) { return p == nullptr ? bw_str{} : toBw(p->lastError); }

  static bw_status collect(bw_plugin* p, bw_str collectorId) {
    if (p == nullptr) return BW_INVALID_ARGUMENT;
    try {
      for (const CollectorDef& c : p->def->collectors) {
        if (c.id != fromBw(collectorId)) continue;
        Context ctx{p->host, p->settings};
        if (c.run) {
          c.run(ctx);
        } else {
          for (const std::string& type : c.types) {
            for (const Json& doc : p->host.inventory(type)) {
              if (p->host.cancelled()) return BW_CANCELLED;
              p->host.emitResource(doc);
            }
          }
        }
        return p->host.cancelled() ? BW_CANCELLED : BW_OK;
      }
      p->lastError = "no collector '" + std::string(fromBw(collectorId)) + "'";
      return BW_INVALID_ARGUMENT;
    } catch (const std::exception& e) {
      return fail(p, std::string("collector threw: ") + e.what());
    } catch (...) {
      return fail(p, "collector threw an unknown exception");
    }
  }

  static bw_status assess(bw_plugin* p, bw_str assessmentId, bw_str resourceJson,
                          bw_assessment_result* out) {
    if (p == nullptr || out == nullptr) return BW_INVALID_ARGUMENT;
    out->state = BW_STATE_ERROR;
    out->reason = bw_str{};
    out->evidence_json = bw_str{};
    try {
      for (const AssessmentDef& a : p->def->assessments) {
        if (a.id != fromBw(assessmentId)) continue;
        if (!a.check) {
          return fail(p, "assessment '" + a.id + "' is declarative: the kernel evaluates it");
        }
        Json doc = Json::parse(fromBw(resourceJson));
        Verdict v = a.check(Resource(doc), Context{p->host, p->settings});
        p->reason = std::move(v.reason);
        p->evidence = v.evidence.is_null() ? std::string{} : v.evidence.dump();
        out->state = static_cast<bw_assessment_state>(static_cast<int>(v.state));
        out->reason = toBw(p->reason);
        out->evidence_json = toBw(p->evidence);
        return BW_OK;
      }
      p->lastError = "no assessment '" + std::string(fromBw(assessmentId)) + "'";
      return BW_INVALID_ARGUMENT;
    } catch (const std::exception& e) {
      out->state = BW_STATE_ERROR;
      return fail(p, std::string("assessment threw: ") + e.what());
    } catch (...) {
      out->state = BW_STATE_ERROR;
      return fail(p, "assessment threw an unknown exception");
    }
  }

  static bw_status detect(bw_plugin* p, const bw_event* events, size_t count) {
    if (p == nullptr || (events == nullptr && count != 0)) return BW_INVALID_ARGUMENT;
    try {
      bool any = false;
      for (const RuleSetDef& r : p->def->ruleSets) {
        if (!r.detect) continue;
        any = true;
        r.detect(events, count, Context{p->host, p->settings});
      }
      return any ? BW_OK : BW_UNSUPPORTED;
    } catch (const std::exception& e) {
      return fail(p, std::string("detector threw: ") + e.what());
    } catch (...) {
      return fail(p, "detector threw an unknown exception");
    }
  }

  static bw_status readEvents(bw_plugin* p, bw_str sourceType, bw_str path,
                              bw_read_position* position) {
    if (p == nullptr || position == nullptr) return BW_INVALID_ARGUMENT;
    try {
      for (const EventSourceDef& s : p->def->eventSources) {
        if (s.type != fromBw(sourceType)) continue;
        if (!p->host.offersEventIntake())
          return fail(p, "the kernel has no event intake (ABI 1.0); event sources need 1.1");
        EventSink sink(p->host, s.type);
        ReadPosition at{position->offset, position->record};
        s.read(std::string(fromBw(path)), at, sink, Context{p->host, p->settings});
        sink.flush();
        position->offset = at.offset;
        position->record = at.record;
        return p->host.cancelled() ? BW_CANCELLED : BW_OK;
      }
      p->lastError = "no event source '" + std::string(fromBw(sourceType)) + "'";
      return BW_INVALID_ARGUMENT;
    } catch (const std::exception& e) {
      return fail(p, std::string("event source threw: ") + e.what());
    } catch (...) {
      return fail(p, "event source threw an unknown exception");
    }
  }

  static bw_status runCommand(bw_plugin* p, bw_str command, const bw_str* args, size_t count,
                              int* exitCode) {
    if (p == nullptr || exitCode == nullptr || (args == nullptr && count != 0))
      return BW_INVALID_ARGUMENT;
    *exitCode = 3;
    try {
      for (const CommandDef& c : p->def->commands) {
        if (c.name != fromBw(command)) continue;
        std::vector<std::string> list;
        list.reserve(count);
        for (size_t i = 0; i < count; ++i)
          list.emplace_back(fromBw(args[i]));
        CommandIo io(p->host.api());
        *exitCode = c.run(list, io, Context{p->host, p->settings});
        return BW_OK;
      }
      p->lastError = "no command '" + std::string(fromBw(command)) + "'";
      return BW_INVALID_ARGUMENT;
    } catch (const std::exception& e) {
      return fail(p, std::string("command threw: ") + e.what());
    } catch (...) {
      return fail(p, "command threw an unknown exception");
    }
  }

  static bw_status handleHttp(bw_plugin* p, bw_str routeId, const bw_http_request* request,
                              bw_http_response* response) {
    if (p == nullptr || request == nullptr || response == nullptr) return BW_INVALID_ARGUMENT;
    try {
      for (const HttpRouteDef& r : p->def->httpRoutes) {
        if (r.id != fromBw(routeId)) continue;
        HttpRequest in = HttpRequest::fromWire(*request);
        if (r.handler) {
          p->response = r.handler(in, Context{p->host, p->settings});
        } else if (p->service) {
          p->response = p->service->handle(r.id, in);
        } else {
          return fail(p, "route '" + r.id + "' has no handler and no service runs");
        }
        p->responseHeaders.clear();
        for (const auto& [name, value] : p->response.headers)
          p->responseHeaders.push_back({toBw(name), toBw(value)});
        response->status = p->response.status;
        response->content_type = toBw(p->response.contentType);
        response->body = toBw(p->response.body);
        response->headers = p->responseHeaders.data();
        response->header_count = p->responseHeaders.size();
        return BW_OK;
      }
      p->lastError = "no route '" + std::string(fromBw(routeId)) + "'";
      return BW_INVALID_ARGUMENT;
    } catch (const std::exception& e) {
      return fail(p, std::string("route handler threw: ") + e.what());
    } catch (...) {
      return fail(p, "route handler threw an unknown exception");
    }
  }

  static bw_status startService(bw_plugin* p) {
    if (p == nullptr) return BW_INVALID_ARGUMENT;
    if (!p->def->startService) return BW_UNSUPPORTED;
    if (p->service) return BW_OK;
    try {
      p->service = p->def->startService(Context{p->host, p->settings});
      return p->service ? BW_OK : fail(p, "the service did not start");
    } catch (const std::invalid_argument& e) {
      // Settings the service cannot work with: the kernel reports a usage error.
      p->lastError = e.what();
      return BW_INVALID_ARGUMENT;
    } catch (const std::exception& e) {
      return fail(p, std::string("cannot start the service: ") + e.what());
    } catch (...) {
      return fail(p, "cannot start the service: unknown exception");
    }
  }

  static void stopService(bw_plugin* p) {
    if (p == nullptr || !p->service) return;
    try {
      p->service->stop();
    } catch (...) {
      // stop() must not throw; the service is destroyed either way.
    }
    try {
      p->service.reset();
    } catch (...) {
    }
  }

  // Always returns the table: the kernel compares versions and explains any refusal.
  static const bw_plugin_api* entry(uint16_t /*hostMajor*/, uint16_t /*hostMinor*/) {
    try {
      static const std::string manifestText = manifest(Definition());
      static const bw_plugin_api api = {sizeof(bw_plugin_api),
                                        BW_ABI_MAJOR,
                                        BW_ABI_MINOR,
                                        capabilities(Definition()),
                                        toBw(manifestText),
                                        &create,
                                        &destroy,
                                        &lastError,
                                        &collect,
                                        &assess,
                                        &detect,
                                        &readEvents,
                                        &runCommand,
                                        &handleHttp,
                                        &startService,
                                        &stopService};
      return &api;
    } catch (...) {
      return nullptr;
    }
  }
};

}  // namespace bulwark::sdk::detail

// Generates the plugin's exported entry point from a function returning the PluginDef.
// The definition is built once, on first use, and lives as long as the library.
#define BULWARK_PLUGIN(makeDefinition)                                                            \
  namespace {                                                                                     \
  const ::bulwark::sdk::PluginDef& bulwarkPluginDefinition() {                                    \
    static const ::bulwark::sdk::PluginDef def = makeDefinition();                                \
    return def;                                                                                   \
  }                                                                                               \
  }                                                                                               \
  extern "C" BW_EXPORT const bw_plugin_api* bulwark_plugin_entry(uint16_t hostMajor,              \
                                                                 uint16_t hostMinor) {            \
    return ::bulwark::sdk::detail::Thunks<&bulwarkPluginDefinition>::entry(hostMajor, hostMinor); \
  }

#endif  // BULWARK_PLUGIN_HPP
