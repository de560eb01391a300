// Header-only C++ layer over the Bulwark C ABI (plugin.h) for plugin authors.
//
// A plugin declares its collectors, assessments and rule sets as data in one function that
// returns a PluginDef, then writes BULWARK_PLUGIN(thatFunction) once. The macro generates the
// exported entry point, the C function table and the manifest, so metadata cannot drift from
// code. Every thunk, construction included, catches every exception and fails closed: an
// assessment that throws is reported as an error, never as healthy.
//
// Everything here lives inside the plugin; only the C types of plugin.h cross the boundary.
#ifndef BULWARK_PLUGIN_HPP
#define BULWARK_PLUGIN_HPP

#include <bulwark/plugin.h>

#include <algorithm>
#include <cctype>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bulwark::sdk {

using Json = nlohmann::json;

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

inline bw_str toBw(std::string_view s) {
  return bw_str{s.data(), s.size()};
}
inline std::string_view fromBw(bw_str s) {
  return s.ptr == nullptr ? std::string_view{} : std::string_view{s.ptr, s.len};
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

// Case-insensitive lookup of one object member, as ARM property names are case-insensitive.
inline const Json* findMember(const Json& object, std::string_view name) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(std::string(name));
  if (it != object.end()) return &*it;
  for (auto m = object.begin(); m != object.end(); ++m) {
    const std::string& key = m.key();
    if (key.size() == name.size() &&
        std::equal(key.begin(), key.end(), name.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) ==
                 std::tolower(static_cast<unsigned char>(b));
        })) {
      return &*m;
    }
  }
  return nullptr;
}

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
          std::equal(typeSuffix.begin(), typeSuffix.end(), t.end() - typeSuffix.size(),
                     [](char a, char b) {
                       return std::tolower(static_cast<unsigned char>(a)) ==
                              std::tolower(static_cast<unsigned char>(b));
                     })) {
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

  // Inventory documents of one ARM type within the scan's scopes (collect phase only).
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

 private:
  const bw_host_api* api_;
};

// What a collector, assessment or detector may use besides its input.
struct Context {
  const Host& host;
  const Json& settings;
};

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
};

struct RuleSetDef {
  std::string id;
  std::string title;
  std::string rulesYaml;  // rules in the detection rule language, shipped as data
  // Optional native detector over event batches.
  std::function<void(const bw_event*, size_t, const Context&)> detect;
};

struct PluginDef {
  std::string id;
  std::string version;
  std::string description;
  std::vector<CollectorDef> collectors;
  std::vector<AssessmentDef> assessments;
  std::vector<RuleSetDef> ruleSets;
  // Throws to reject the operator's settings at create time.
  std::function<void(const Json&)> validateSettings;
};

namespace detail {

inline uint64_t capabilities(const PluginDef& def) {
  uint64_t caps = 0;
  if (!def.collectors.empty()) caps |= BW_CAP_COLLECT;
  if (!def.assessments.empty()) caps |= BW_CAP_ASSESS;
  for (const auto& rs : def.ruleSets) {
    if (rs.detect) caps |= BW_CAP_DETECT;
  }
  return caps;
}

inline Json complianceJson(const std::vector<std::pair<std::string, std::string>>& refs) {
  Json out = Json::array();
  for (const auto& [standard, control] : refs) {
    out.push_back({{"standard", standard}, {"control", control}});
  }
  return out;
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
  }
  m["ruleSets"] = Json::array();
  for (const auto& r : def.ruleSets) {
    m["ruleSets"].push_back({{"id", r.id},
                             {"title", r.title},
                             {"rules", r.rulesYaml},
                             {"nativeDetector", static_cast<bool>(r.detect)}});
  }
  return m.dump();
}

}  // namespace detail
}  // namespace bulwark::sdk

// The opaque instance type of the C ABI, defined by the C++ layer.
struct bw_plugin {
  const bulwark::sdk::PluginDef* def;
  bulwark::sdk::Host host;
  bulwark::sdk::Json settings;
  std::string lastError;
  std::string reason;
  std::string evidence;
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
      *out = new bw_plugin{&def, Host(host), std::move(parsed), {}, {}, {}};
      return BW_OK;
    } catch (const std::exception& e) {
      Host(host).error(std::string("cannot create plugin instance: ") + e.what());
    } catch (...) {
      Host(host).error("cannot create plugin instance: unknown exception");
    }
    return BW_ERROR;
  }

  static void destroy(bw_plugin* p) { delete p; }

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
                                        &detect};
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
