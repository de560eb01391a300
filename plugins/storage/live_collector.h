// The "live-blob" collector: reads each account of the `live_accounts` setting through the
// Blob service REST API (Shared Key) and emits it as Microsoft.Storage/storageAccounts with
// its blobServices/default and containers children. When the ARM snapshot holds the same
// account id, the live data is laid over that document, and since the kernel keeps the first
// resource emitted for an id, this collector must run before the snapshot collector.
//
// One account's failure (connection refused, HTTP 403, malformed XML) is logged naming the
// account and endpoint; the others are still read, and the collector then fails with every
// account's message so the scan records the error.
#pragma once

#include <bulwark/plugin.hpp>

namespace bulwark::storage {

sdk::CollectorDef liveBlobCollector();

}  // namespace bulwark::storage
