// Kubernetes audit events (audit.k8s.io Event), one per line, as the API server's log backend
// writes them; AKS diagnostic records ({"category":"kube-audit","properties":{"log":"..."}})
// are unwrapped. Anything that is not kind "Event" is a parse failure.
#include "detect/readers/formats.h"
#include "detect/readers/json_fields.h"

namespace bulwark::detect {
namespace {

using nlohmann::json;

class K8sAuditReader : public LineReader {
  std::string parseLine(const Line& line, const EventSink& emit) override {
    json doc = json::parse(line.text, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) return "not a JSON object";
    if (jsonText(doc, "category") == "kube-audit") {
      doc = json::parse(jsonText(doc, "properties.log"), nullptr, false);
      if (doc.is_discarded() || !doc.is_object())
        return "kube-audit record whose properties.log is not a JSON object";
    }
    auto kind = doc.find("kind");
    if (kind == doc.end() || !kind->is_string() || *kind != "Event")
      return "not a Kubernetes audit Event (kind must be \"Event\")";
    std::optional<int64_t> time;
    for (const char* name : {"stageTimestamp", "requestReceivedTimestamp", "timestamp"}) {
      auto it = doc.find(name);
      if (it != doc.end() && (time = jsonTime(*it))) break;
    }
    if (!time) return "audit Event without a readable timestamp";
    KeyTable& k = line.keys;
    Event e = eventFor(line);
    e.source = k.intern("k8s-audit");
    e.type = k.intern("k8s.audit");
    e.timeNs = *time;
    auto put = [&](Key key, std::string value) {
      if (!value.empty()) e.set(key, std::move(value));
    };
    put(keys::kUser, jsonText(doc, "user.username"));
    auto ips = doc.find("sourceIPs");
    if (ips != doc.end() && ips->is_array() && !ips->empty() && ips->front().is_string())
      put(keys::kIp, ips->front().get<std::string>());
    put(keys::kUrl, jsonText(doc, "requestURI"));
    put(keys::kMethod, jsonText(doc, "verb"));
    put(k.intern("verb"), jsonText(doc, "verb"));
    put(keys::kStatus, jsonText(doc, "responseStatus.code"));
    put(keys::kUserAgent, jsonText(doc, "userAgent"));
    std::string ns = jsonText(doc, "objectRef.namespace");
    std::string resource = jsonText(doc, "objectRef.resource");
    std::string name = jsonText(doc, "objectRef.name");
    std::string sub = jsonText(doc, "objectRef.subresource");
    put(k.intern("namespace"), ns);
    put(k.intern("resource"), resource);
    put(k.intern("name"), name);
    put(k.intern("subresource"), sub);
    put(k.intern("stage"), jsonText(doc, "stage"));
    put(k.intern("audit_id"), jsonText(doc, "auditID"));
    auto groups = doc.find("user");
    if (groups != doc.end() && groups->is_object() && groups->contains("groups") &&
        (*groups)["groups"].is_array()) {
      std::string joined;
      for (const json& g : (*groups)["groups"]) {
        if (g.is_string()) joined += (joined.empty() ? "" : ",") + g.get<std::string>();
      }
      put(k.intern("groups"), joined);
    }
    e.resourceId = (ns.empty() ? "" : "/namespaces/" + ns) +
                   (resource.empty() ? "" : "/" + resource) + (name.empty() ? "" : "/" + name) +
                   (sub.empty() ? "" : "/" + sub);
    emit(std::move(e));
    return {};
  }
};

}  // namespace

std::unique_ptr<Reader> makeK8sAuditReader() {
  return std::make_unique<K8sAuditReader>();
}

}  // namespace bulwark::detect
