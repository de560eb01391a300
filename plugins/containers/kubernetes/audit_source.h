// The k8s-audit event source (it was a kernel reader until the kernel shrank; same type name,
// event type and fields): Kubernetes audit events (audit.k8s.io Event) as JSON lines, as the
// API server's log backend writes them, or a JSON document holding them; AKS diagnostic
// settings' records ({"records": [{"category": "kube-audit" | "kube-audit-admin",
// "properties": {"log": "<the event as JSON text>"}}]}, one per line or one document) are
// unwrapped. Anything that is not kind "Event" is skipped with its file:line and why.
// Each event is a k8s.audit event with user, ip (first of sourceIPs), url (requestURI), method
// and verb, status (responseStatus.code), user_agent, namespace, resource, name, subresource,
// stage, audit_id, groups (comma-separated) and resource id
// /namespaces/NS/RESOURCE/NAME/SUBRESOURCE; plus the requestObject's fields of
// workload_fields.h and, on get/list/watch of secrets, secret_access ("VERB secrets in NS", or
// "in the cluster") for the secret-reads UEBA activity.
#pragma once

#include <bulwark/plugin.hpp>

#include <string>

namespace bulwark::containers::kubernetes {

inline constexpr char kAuditSource[] = "k8s-audit";
inline constexpr char kAuditEventType[] = "k8s.audit";

sdk::EventSourceDef auditSource();

void readAuditLog(const std::string& path, sdk::ReadPosition& position, sdk::EventSink& sink);

}  // namespace bulwark::containers::kubernetes
