// The storage plugin: Azure Storage accounts, their collectors, posture checks and threat
// detection rules.
#include <bulwark/plugin.hpp>

#include "live_collector.h"
#include "posture/posture_assessments.h"
#include "storage_assessments.h"
#include "storage_settings.h"

namespace bulwark::storage {
extern const char kStorage[];  // rules/storage.yaml, embedded by CMake
}  // namespace bulwark::storage

namespace {

bulwark::sdk::PluginDef makeStoragePlugin() {
  using namespace bulwark;
  sdk::PluginDef def;
  def.id = "storage";
  def.version = "0.2.0";
  def.description = "Azure Storage accounts: posture of accounts, blob services and containers";
  // live-blob first: the kernel keeps the first resource emitted for an id, and the live
  // document already carries the snapshot's properties.
  def.collectors.push_back(storage::liveBlobCollector());
  def.collectors.push_back({"arm-storage-accounts",
                            "Storage accounts from the ARM snapshot, with their blob services "
                            "and containers attached",
                            {storage::kStorageAccountType},
                            nullptr});
  def.assessments = {storage::secureTransferAssessment(), storage::publicBlobAccessAssessment(),
                     storage::minimumTlsAssessment()};
  for (auto group : {storage::posture::accessAssessments(), storage::posture::networkAssessments(),
                     storage::posture::encryptionAssessments(), storage::posture::blobAssessments(),
                     storage::posture::fileAndLifecycleAssessments()}) {
    for (auto& a : group)
      def.assessments.push_back(std::move(a));
  }
  def.ruleSets.push_back({"storage-threats",
                          "Storage threat detection over StorageBlobLogs and Storage Analytics "
                          "logs (source types storage-blob-logs, storage-analytics)",
                          storage::kStorage,
                          nullptr,
                          {}});
  def.validateSettings = storage::validateSettings;
  return def;
}

}  // namespace

BULWARK_PLUGIN(makeStoragePlugin)
