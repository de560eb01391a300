#include "kubernetes/audit_source.h"

#include <bulwark/json_source.hpp>
#include <bulwark/sdk/exported_records.hpp>
#include <bulwark/sdk/json.hpp>

#include "kubernetes/workload_fields.h"

namespace bulwark::containers::kubernetes {
namespace {

using sdk::Json;

// Text of the scalar at `path` (numbers and booleans as JSON writes them), or "".
std::string text(const Json& doc, std::string_view path) {
  const Json* v = sdk::at(doc, path);
  if (v == nullptr) return {};
  if (v->is_string()) return v->get<std::string>();
  if (v->is_number() || v->is_boolean()) return v->dump();
  return {};
}

std::optional<int64_t> eventTime(const Json& doc) {
  for (const char* name : {"stageTimestamp", "requestReceivedTimestamp", "timestamp"}) {
    auto it = doc.find(name);
    if (it == doc.end()) continue;
    if (it->is_string()) {
      if (auto t = sdk::exportedRecordTime(it->get_ref<const std::string&>())) return t;
    } else if (it->is_number()) {
      double d = it->get<double>();
      if (d >= 0 && d < 1e11) return static_cast<int64_t>(d * 1e9);
    }
  }
  return std::nullopt;
}

class AuditReader {
 public:
  explicit AuditReader(sdk::EventSink& sink) : sink_(sink), type_(sink.key(kAuditEventType)) {}

  // One JSON value: an audit Event, a kube-audit record, {"records": [...]} or an array.
  std::string take(const Json& value, std::string_view raw, uint64_t number) {
    if (value.is_array()) {
      for (const Json& item : value)
        skipUnless(take(item, {}, number), number);
      return {};
    }
    if (!value.is_object()) return "not a JSON object";
    if (auto records = value.find("records"); records != value.end() && records->is_array()) {
      for (const Json& item : *records)
        skipUnless(take(item, {}, number), number);
      return {};
    }
    std::string category = text(value, "category");
    if (category == "kube-audit" || category == "kube-audit-admin") {
      Json event = Json::parse(text(value, "properties.log"), nullptr, false);
      if (event.is_discarded() || !event.is_object())
        return category + " record whose properties.log is not a JSON object";
      return emit(event, {}, number);
    }
    return emit(value, raw, number);
  }

 private:
  void skipUnless(const std::string& why, uint64_t number) {
    if (!why.empty()) sink_.skip(number, why);
  }

  std::string emit(const Json& doc, std::string_view raw, uint64_t number) {
    auto kind = doc.find("kind");
    if (kind == doc.end() || !kind->is_string() || *kind != "Event")
      return "not a Kubernetes audit Event (kind must be \"Event\")";
    auto time = eventTime(doc);
    if (!time) return "audit Event without a readable timestamp";
    sink_.begin(*time, type_, raw.empty() ? sink_.keep(doc.dump()) : raw, number);
    auto put = [&](std::string_view name, std::string_view value) {
      if (!value.empty()) sink_.field(sink_.key(name), sink_.keep(value));
    };
    std::string verb = text(doc, "verb");
    std::string ns = text(doc, "objectRef.namespace");
    std::string resource = text(doc, "objectRef.resource");
    std::string name = text(doc, "objectRef.name");
    std::string sub = text(doc, "objectRef.subresource");
    put("user", text(doc, "user.username"));
    if (const Json* ips = sdk::at(doc, "sourceIPs");
        ips != nullptr && ips->is_array() && !ips->empty() && ips->front().is_string())
      put("ip", ips->front().get_ref<const std::string&>());
    put("url", text(doc, "requestURI"));
    put("method", verb);
    put("verb", verb);
    put("status", text(doc, "responseStatus.code"));
    put("user_agent", text(doc, "userAgent"));
    put("namespace", ns);
    put("resource", resource);
    put("name", name);
    put("subresource", sub);
    put("stage", text(doc, "stage"));
    put("audit_id", text(doc, "auditID"));
    put("groups", groups(doc));
    if (auto request = doc.find("requestObject"); request != doc.end()) {
      for (const auto& [field, value] : workloadFields(*request))
        put(field, value);
    }
    if (resource == "secrets" && sub.empty() &&
        (verb == "get" || verb == "list" || verb == "watch"))
      put("secret_access", verb + " secrets " + (ns.empty() ? "in the cluster" : "in " + ns));
    sink_.resourceId(sink_.keep((ns.empty() ? "" : "/namespaces/" + ns) +
                                (resource.empty() ? "" : "/" + resource) +
                                (name.empty() ? "" : "/" + name) + (sub.empty() ? "" : "/" + sub)));
    sink_.end();
    return {};
  }

  static std::string groups(const Json& doc) {
    const Json* list = sdk::at(doc, "user.groups");
    std::string joined;
    if (list == nullptr || !list->is_array()) return joined;
    for (const Json& g : *list) {
      if (g.is_string()) joined += (joined.empty() ? "" : ",") + g.get<std::string>();
    }
    return joined;
  }

  sdk::EventSink& sink_;
  bw_key type_;
};

}  // namespace

void readAuditLog(const std::string& path, sdk::ReadPosition& position, sdk::EventSink& sink) {
  AuditReader reader(sink);
  sdk::readJsonRecords(path, position, sink, "not a JSON Kubernetes audit event",
                       [&](const Json& value, std::string_view raw, uint64_t line) {
                         return reader.take(value, raw, line);
                       });
}

sdk::EventSourceDef auditSource() {
  return {kAuditSource,
          "Kubernetes audit events (audit.k8s.io) as JSON lines, AKS diagnostic settings' "
          "kube-audit and kube-audit-admin records unwrapped",
          [](const std::string& path, sdk::ReadPosition& position, sdk::EventSink& sink,
             const sdk::Context&) { readAuditLog(path, position, sink); }};
}

}  // namespace bulwark::containers::kubernetes
