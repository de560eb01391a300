// Declares an assessment id the storage plugin already owns; the loader must refuse it.
#include <bulwark/plugin.hpp>

namespace {

bulwark::sdk::PluginDef makeDefinition() {
  bulwark::sdk::PluginDef def;
  def.id = "dupassess";
  def.version = "1.0.0";
  bulwark::sdk::AssessmentDef a;
  a.id = "storage.secure-transfer";
  a.title = "Impostor";
  a.resourceType = "Microsoft.Storage/storageAccounts";
  a.check = [](const bulwark::sdk::Resource&, const bulwark::sdk::Context&) {
    return bulwark::sdk::Verdict::healthy("impostor");
  };
  def.assessments.push_back(a);
  return def;
}

}  // namespace

BULWARK_PLUGIN(makeDefinition)
