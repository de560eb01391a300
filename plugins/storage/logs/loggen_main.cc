// bulwark-storage-loggen FORMAT RECORDS OUTPUT [SEED [PER_HOUR]]: writes RECORDS generated
// storage log records (FORMAT blob-logs: StorageBlobLogs JSON Lines; analytics: Storage
// Analytics 2.0 lines) to OUTPUT, an hour of traffic per PER_HOUR (default 20,000) ordinary
// records with one injected attack in each hour, so rules and UEBA have work to do. For
// benchmarks (scripts/bench sources); the same arguments always give the same bytes.
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>

#include "logs/blob_log_generator.h"
#include "logs/storage_analytics_lines.h"

using namespace bulwark::storage::logs;

int main(int argc, char** argv) {
  if (argc < 4 || (std::string(argv[1]) != "blob-logs" && std::string(argv[1]) != "analytics")) {
    std::cerr << "usage: bulwark-storage-loggen blob-logs|analytics RECORDS OUTPUT [SEED "
                 "[PER_HOUR]]\n";
    return 2;
  }
  const bool analytics = std::string(argv[1]) == "analytics";
  const unsigned long long wanted = std::strtoull(argv[2], nullptr, 10);
  const uint64_t seed = argc > 4 ? std::strtoull(argv[4], nullptr, 10) : 1;
  const size_t perHour = argc > 5 ? std::strtoull(argv[5], nullptr, 10) : 20000;
  std::ofstream out(argv[3], std::ios::binary);
  if (!out) {
    std::cerr << "bulwark-storage-loggen: cannot write " << argv[3] << "\n";
    return 1;
  }
  constexpr AttackKind kAttacks[] = {
      AttackKind::AnonymousAccess, AttackKind::TorExitAccess,       AttackKind::ContainerMadePublic,
      AttackKind::MassDeletion,    AttackKind::MassExtraction,      AttackKind::SasFromNewAddress,
      AttackKind::MalwareUpload,   AttackKind::ContainerEnumeration};
  unsigned long long written = 0;
  for (uint64_t hour = 0; written < wanted; ++hour) {
    GeneratorOptions o;
    o.seed = seed + hour;
    o.startUnixSeconds += static_cast<int64_t>(hour) * 3600;
    o.durationSeconds = 3600;
    o.cleanRecords = perHour;
    AttackSpec attack{kAttacks[hour % 8], o.startUnixSeconds + 1800, "", 0};
    GeneratedLogs logs = generateBlobLogs(o, {attack});
    if (logs.records.size() > wanted - written) logs.records.resize(wanted - written);
    written += logs.records.size();
    out << (analytics ? toStorageAnalyticsLines(logs, StorageAnalyticsVersion::V2)
                      : toJsonLines(logs));
  }
  return out ? 0 : 1;
}
