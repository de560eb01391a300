// The storage-blob-logs event source: Azure StorageBlobLogs as JSON Lines, in the Log Analytics
// shape or the diagnostic-settings export shape (blob_log_record.h). Each record becomes an
// event of type "storage.blob.<OperationName>" with the fields the storage rules test:
//   ip (without the port), port, account, container, object, auth (AuthenticationType), user
//   (UPN, else object id), status, operation, url, user_agent, request_bytes, response_bytes,
//   content_md5 (RequestMd5 as lower-case hex), sas_signature (from AuthenticationHash).
#pragma once

#include <bulwark/plugin.hpp>

#include <string>
#include <string_view>

namespace bulwark::storage::logs {

inline constexpr char kBlobLogsSource[] = "storage-blob-logs";

sdk::EventSourceDef blobLogsSource();

// Reads the records of one file from `position` (the source's read function).
void readBlobLogs(const std::string& path, sdk::ReadPosition& position, sdk::EventSink& sink);

}  // namespace bulwark::storage::logs
