// The storage plugin: Azure Storage accounts, their collectors and posture checks.
#include <bulwark/plugin.hpp>

#include "storage_assessments.h"

namespace {

bulwark::sdk::PluginDef makeStoragePlugin() {
  using namespace bulwark;
  sdk::PluginDef def;
  def.id = "storage";
  def.version = "0.1.0";
  def.description = "Azure Storage accounts: posture of accounts, blob services and containers";
  def.collectors.push_back({"arm-storage-accounts",
                            "Storage accounts from the ARM snapshot, with their blob services "
                            "and containers attached",
                            {storage::kStorageAccountType},
                            nullptr});
  def.assessments = {storage::secureTransferAssessment(), storage::publicBlobAccessAssessment(),
                     storage::minimumTlsAssessment()};
  def.validateSettings = storage::validateSettings;
  return def;
}

}  // namespace

BULWARK_PLUGIN(makeStoragePlugin)
