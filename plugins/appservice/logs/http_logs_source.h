// The appservice-http-logs event source: App Service's AppServiceHTTPLogs records as they are
// exported, as http.request events with the fields every access-log reader writes
// (bulwark/sdk/http_request.hpp), so the web rule pack runs on them unchanged:
//   - Log Analytics rows (TimeGenerated, or the portal export's "TimeGenerated [UTC]" as ISO
//     8601 or "12/3/2026, 10:00:00.000 AM"; CsMethod, CsUriStem, CsUriQuery, ScStatus, CIp,
//     UserAgent, CsHost, CsUsername, Referer ...) as a JSON array (the portal's export), JSON
//     lines, or {"value": [...]};
//   - diagnostic settings' records ({"records": [{"time", "properties": {...}}]}, storage or
//     Event Hubs; properties as an object or as JSON text).
// Names are matched without case or punctuation. Extra fields: port (SPort), time_taken,
// bytes (ScBytes), cs_bytes, result, computer; the record's resourceId is the event's.
#pragma once

#include <bulwark/plugin.hpp>

#include <string>

namespace bulwark::appservice::logs {

inline constexpr char kHttpLogsSource[] = "appservice-http-logs";

sdk::EventSourceDef httpLogsSource();

void readHttpLogs(const std::string& path, sdk::ReadPosition& position, sdk::EventSink& sink);

}  // namespace bulwark::appservice::logs
