// What UEBA learns from the storage log sources: each storage account's requests
// (storage.blob.* events, from storage-blob-logs and storage-analytics) are the activity of a
// principal "storage-account/<name>", whose baseline is the account's: the addresses that call
// it, blob deletions and bytes read per hour. Accounts are called from everywhere, so there are
// no operation, country or travel checks; instead a SAS used from an address never seen for the
// account, deletions and reads far above the account's hourly median are anomalies. Only
// successful (2xx) deletions and reads count.
#pragma once

#include <bulwark/plugin.hpp>

#include <vector>

namespace bulwark::storage::logs {

sdk::ActivityDef storageRequestActivity();
std::vector<sdk::AnomalyKindDef> storageAnomalyKinds();

}  // namespace bulwark::storage::logs
