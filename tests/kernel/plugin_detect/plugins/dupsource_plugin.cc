// Declares the event source type "wtmp", which the vm plugin already provides: whichever of
// the two loads second is refused.
#include <bulwark/plugin.hpp>

namespace {

bulwark::sdk::PluginDef makeDup() {
  bulwark::sdk::PluginDef def;
  def.id = "dupsource";
  def.version = "1.0.0";
  def.description = "test plugin with a clashing event source type";
  def.eventSources.push_back({"wtmp", "clashes with vm",
                              [](const std::string&, bulwark::sdk::ReadPosition&,
                                 bulwark::sdk::EventSink&, const bulwark::sdk::Context&) {}});
  return def;
}

}  // namespace

BULWARK_PLUGIN(makeDup)
