#include "logs/storage_activity.h"

namespace bulwark::storage::logs {

using sdk::TextMatch;

sdk::ActivityDef storageRequestActivity() {
  sdk::ActivityDef a;
  a.id = "storage-account-requests";
  a.description = "Requests to a storage account, learned per account";
  a.types = {TextMatch::prefix("storage.blob.")};
  a.principalField = "account";
  a.principalPrefix = "storage-account/";
  a.addressField = "ip";
  a.operationFrom = sdk::ActivityDef::OperationFrom::TypeSuffix;
  a.successField = "status";
  a.successHttpStatus = true;
  a.successSuffixes = {"Succeeded", "Success"};
  a.deletions = {TextMatch::equals("DeleteBlob"), TextMatch::equals("DeleteContainer")};
  a.bytesOutField = "response_bytes";
  a.bytesOutOperations = {TextMatch::equals("GetBlob")};
  a.delegatedField = "auth";
  a.delegatedValue = "SAS";
  a.principalIsResource = true;
  a.checks = {{"delegated-new-address", "ueba.storage.sas-new-ip"},
              {"mass-deletion", "ueba.storage.mass-deletion"},
              {"unusual-extraction", "ueba.storage.unusual-extraction"}};
  return a;
}

std::vector<sdk::AnomalyKindDef> storageAnomalyKinds() {
  return {
      {"ueba.storage.sas-new-ip", "SAS token used from an address never seen for the account",
       sdk::Severity::Medium, "Defense Evasion", "T1550.001",
       "Find who holds the SAS (its signed fields name the permissions and expiry); if the "
       "address is not theirs, revoke the SAS by rotating the key that signed it or deleting its "
       "stored access policy, and prefer short-lived user delegation SAS.",
       "A SAS was used on {principal} from {address}, an address never seen for this account; "
       "baseline: {known_addresses_count} known addresses ({known_addresses}) over {days} days."},
      {"ueba.storage.mass-deletion", "Blob deletions far above the account's hourly baseline",
       sdk::Severity::High, "Impact", "T1485",
       "Stop the caller (revoke its role, rotate keys or SAS), restore the blobs from soft delete "
       "or versions, and enable soft delete, versioning and a resource lock if they are off.",
       "{principal} had {count} blobs deleted in 1h (from {hour}); baseline median {median}, MAD "
       "{mad} deletions per active hour over {days} days ({active_hours} active hours); "
       "threshold {threshold}."},
      {"ueba.storage.unusual-extraction",
       "Data read from the account far above its hourly baseline", sdk::Severity::High,
       "Exfiltration", "T1567",
       "Find which identity, key or SAS read the data and revoke it, restrict the account's "
       "network access, and assess what the read blobs held.",
       "{principal} served {bytes} of blob reads in 1h (from {hour}); baseline median {median}, "
       "MAD {mad} per active hour over {days} days ({active_hours} active hours); threshold "
       "{threshold}."},
  };
}

}  // namespace bulwark::storage::logs
