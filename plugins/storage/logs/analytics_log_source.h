// The storage-analytics event source: the classic Storage Analytics log format ($logs
// container), one request per line, fields separated by ';', quoted when they may hold a quote,
// ';' or newline (then HTML-encoded). Version 1.0 has 30 fields; 2.0 adds 8 for OAuth requests
// (user-object-id ... authorization-detail). Records get the event type and fields of the
// storage-blob-logs source, so the storage rules read both: "storage.<service>.<operation-type>"
// with ip, port, account (owner), container, object, auth (Anonymous, SAS, OAuth, AccountKey),
// user, status (HTTP code), url, user_agent, request_bytes, response_bytes, content_md5 and
// sas_signature.
//
// The format carries no AuthenticationHash: a SAS is identified by its signature when the URL
// holds it, else (Azure writes sig=XXXXX) by its other parameters (sv, st, se, sp, sr, si ...),
// which differ between tokens the way signatures do.
#pragma once

#include <bulwark/plugin.hpp>

#include <string>

namespace bulwark::storage::logs {

inline constexpr char kAnalyticsSource[] = "storage-analytics";

sdk::EventSourceDef analyticsLogsSource();

// Reads the lines of one file from `position` (the source's read function).
void readAnalyticsLogs(const std::string& path, sdk::ReadPosition& position, sdk::EventSink& sink);

}  // namespace bulwark::storage::logs
