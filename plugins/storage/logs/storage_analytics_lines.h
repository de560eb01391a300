// Writes generated StorageBlobLogs records in the classic Storage Analytics log format (the
// ';'-separated lines of the $logs container, version 1.0 or 2.0, as Microsoft documents it),
// one line per record in the same order, so record i of GeneratedLogs is line i + 1.
//
// What the format cannot carry, the lines leave out: AuthenticationHash (a SAS is known only
// by its URL, where Azure writes sig=XXXXX), the resource id, and with version 1.0 the OAuth
// caller (user-object-id, user-principal-name came with 2.0).
#pragma once

#include <string>

#include "logs/blob_log_generator.h"

namespace bulwark::storage::logs {

enum class StorageAnalyticsVersion { V1, V2 };

std::string toStorageAnalyticsLines(const GeneratedLogs& logs,
                                    StorageAnalyticsVersion version = StorageAnalyticsVersion::V2);

}  // namespace bulwark::storage::logs
