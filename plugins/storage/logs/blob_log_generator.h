// A seeded generator of Azure Monitor StorageBlobLogs records (the Log Analytics table's
// documented columns: TimeGenerated, AccountName, OperationName, AuthenticationType,
// StatusCode, CallerIpAddress, Uri, ObjectKey, RequestMd5, ResponseBodySize, ...) for rule
// tests: ordinary traffic plus attacks injected at known times, with the ground truth.
//
// The same options and seed always give the same records, on every platform (the generator
// uses its own SplitMix64 stream, not the standard library's distributions).
//
// What the real logs cannot show, and the generator therefore does not invent:
//   - A container's new public access level: SetContainerACL is logged, the
//     x-ms-blob-public-access header is not. "Made public" is seen as SetContainerACL
//     followed by Anonymous reads of that container.
//   - A blob's SHA-256: only RequestMd5 (the client's Content-MD5, when sent) is logged; the
//     ground truth carries the SHA-256 of the injected malware content.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace bulwark::storage::logs {

enum class AttackKind {
  AnonymousAccess,       // Anonymous GetBlob/ListBlobs from an address never seen before
  TorExitAccess,         // authenticated reads from a Tor exit node address
  ContainerMadePublic,   // SetContainerACL, then Anonymous reads of that container
  MassDeletion,          // a burst of DeleteBlob by one caller
  MassExtraction,        // a burst of large GetBlob responses to one address
  SasFromNewAddress,     // a SAS used from an address never seen for the account
  MalwareUpload,         // PutBlob of content whose hash is on a malware list
  ContainerEnumeration,  // ListContainers and many container probes in a short time
};

const char* attackName(AttackKind kind);

struct AttackSpec {
  AttackKind kind;
  int64_t atUnixSeconds = 0;  // when it starts (inside the generated window)
  std::string callerIp;       // empty: the generator picks one from 203.0.113.0/24
  size_t requests = 0;        // 0: a size typical of the attack
};

struct GeneratorOptions {
  uint64_t seed = 1;
  std::string accountName = "contosoprodweb01";
  std::string resourceId =
      "/subscriptions/3f2a8c4e-9b1d-4e7a-8c5f-2d6b9e0a1c3f/resourceGroups/rg-prod-web/providers/"
      "Microsoft.Storage/storageAccounts/contosoprodweb01";
  std::string location = "westeurope";
  int64_t startUnixSeconds = 1767225600;  // 2026-01-01T00:00:00Z
  int64_t durationSeconds = 6 * 3600;
  size_t cleanRecords = 2000;
  std::vector<std::string> containers = {"product-images", "invoices", "backups", "exports"};
  // Ordinary callers (documentation range 198.51.100.0/24).
  std::vector<std::string> clientIps = {"198.51.100.10", "198.51.100.11", "198.51.100.12",
                                        "198.51.100.40"};
  std::string torExitIp = "192.0.2.66";  // what the Tor list of the test holds
  std::string malwareContent =
      "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";
};

struct InjectedAttack {
  AttackKind kind;
  std::string callerIp;
  std::string container;
  std::string sha256;                 // MalwareUpload: the uploaded content's SHA-256 (hex)
  std::vector<size_t> recordIndexes;  // positions in GeneratedLogs::records
};

struct GeneratedLogs {
  std::vector<nlohmann::json> records;  // sorted by TimeGenerated
  std::vector<InjectedAttack> attacks;
};

// Throws std::invalid_argument when an attack starts outside the window or the options are
// empty where they must not be.
GeneratedLogs generateBlobLogs(const GeneratorOptions& options,
                               const std::vector<AttackSpec>& attacks);

// One JSON object per line, as `az monitor log-analytics query` output converted to JSON Lines.
std::string toJsonLines(const GeneratedLogs& logs);

}  // namespace bulwark::storage::logs
