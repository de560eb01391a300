// The storage plugin: Azure Storage accounts, their collectors, posture checks, threat
// detection rules, log event sources and UEBA activity declarations.
#include "storage_definition.h"

#include "live_collector.h"
#include "logs/analytics_log_source.h"
#include "logs/blob_log_source.h"
#include "logs/storage_activity.h"
#include "posture/posture_assessments.h"
#include "storage_assessments.h"
#include "storage_settings.h"

namespace bulwark::storage {

extern const char kStorage[];  // rules/storage.yaml, embedded by CMake

sdk::PluginDef storagePluginDefinition() {
  sdk::PluginDef def;
  def.id = "storage";
  def.version = "0.2.0";
  def.description = "Azure Storage accounts: posture of accounts, blob services and containers";
  // live-blob first: the kernel keeps the first resource emitted for an id, and the live
  // document already carries the snapshot's properties.
  def.collectors.push_back(liveBlobCollector());
  def.collectors.push_back({"arm-storage-accounts",
                            "Storage accounts from the ARM snapshot, with their blob services "
                            "and containers attached",
                            {kStorageAccountType},
                            nullptr});
  def.assessments = {secureTransferAssessment(), publicBlobAccessAssessment(),
                     minimumTlsAssessment()};
  for (auto group : {posture::accessAssessments(), posture::networkAssessments(),
                     posture::encryptionAssessments(), posture::blobAssessments(),
                     posture::fileAndLifecycleAssessments()}) {
    for (auto& a : group)
      def.assessments.push_back(std::move(a));
  }
  def.ruleSets.push_back({"storage-threats",
                          "Storage threat detection over StorageBlobLogs and Storage Analytics "
                          "logs (source types storage-blob-logs, storage-analytics)",
                          kStorage,
                          nullptr,
                          {}});
  def.eventSources = {logs::blobLogsSource(), logs::analyticsLogsSource()};
  def.activities = {logs::storageRequestActivity()};
  def.anomalyKinds = logs::storageAnomalyKinds();
  def.validateSettings = validateSettings;
  return def;
}

}  // namespace bulwark::storage
