// Reads one storage account through the Blob service REST API into an ARM-shaped document:
// the account (type Microsoft.Storage/storageAccounts) with its blobServices/default child
// (service properties) and that child's containers (properties.publicAccess from the
// container ACL), all under "children" as the kernel attaches them for snapshots.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "live/blob_client.h"

namespace bulwark::storage::live {

// The member that marks a document as read from the data plane. Its "armDocument" says
// whether management-plane properties (network rules, TLS, encryption...) came from the ARM
// snapshot; when false they are unknown, not absent.
inline constexpr const char* kDataPlaneMember = "dataPlane";

// Reads the account. `resourceId` is the ARM id to report under. `cancelled` is polled between
// requests; when it returns true the read stops and returns what it has. Throws BlobError.
nlohmann::json readAccount(const BlobClient& client, const std::string& resourceId,
                           const std::function<bool()>& cancelled = {});

// The live document laid over the ARM snapshot document of the same account: live service
// properties override the snapshot's, live containers replace the snapshot's (the data plane
// is authoritative for what exists now), everything else of the snapshot is kept.
nlohmann::json mergeWithArm(const nlohmann::json& armDoc, const nlohmann::json& liveDoc);

}  // namespace bulwark::storage::live
