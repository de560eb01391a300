// An assessment that announces itself through a marker file and then never returns, so a
// test can kill the scanning process midway.
#include <bulwark/plugin.hpp>
#include <chrono>
#include <fstream>
#include <thread>

namespace {

using namespace bulwark::sdk;

PluginDef makeDefinition() {
  PluginDef def;
  def.id = "hang";
  def.version = "1.0.0";
  AssessmentDef a;
  a.id = "hang.forever";
  a.title = "Never returns";
  a.resourceType = "Microsoft.Storage/storageAccounts";
  a.check = [](const Resource&, const Context& ctx) -> Verdict {
    std::ofstream(ctx.settings.value("marker", std::string("/tmp/bulwark-hang-marker"))) << "in\n";
    for (;;)
      std::this_thread::sleep_for(std::chrono::seconds(1));
  };
  def.assessments.push_back(a);
  return def;
}

}  // namespace

BULWARK_PLUGIN(makeDefinition)
