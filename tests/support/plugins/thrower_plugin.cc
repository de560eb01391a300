// Throws from the entry points named in its settings ("throw_in": ["create", "collect",
// "assess"]); the C++ layer must turn every throw into an error, never into healthy.
#include <bulwark/plugin.hpp>
#include <stdexcept>

namespace {

using namespace bulwark::sdk;

bool throwsIn(const Json& settings, const char* where) {
  auto it = settings.find("throw_in");
  if (it == settings.end()) return false;
  for (const auto& w : *it) {
    if (w == where) return true;
  }
  return false;
}

PluginDef makeDefinition() {
  PluginDef def;
  def.id = "thrower";
  def.version = "1.0.0";
  def.description = "throws on purpose";
  def.validateSettings = [](const Json& s) {
    if (throwsIn(s, "create")) throw std::runtime_error("thrown from create");
  };
  def.collectors.push_back(
      {"thrower-collector", "", {"Microsoft.Storage/storageAccounts"}, [](const Context& ctx) {
         if (throwsIn(ctx.settings, "collect")) throw 42;  // not std::exception
         for (const Json& doc : ctx.host.inventory("Microsoft.Storage/storageAccounts")) {
           ctx.host.emitResource(doc);
         }
       }});
  AssessmentDef a;
  a.id = "thrower.check";
  a.title = "Throws when told to";
  a.resourceType = "Microsoft.Storage/storageAccounts";
  a.severity = Severity::High;
  a.check = [](const Resource& r, const Context& ctx) -> Verdict {
    if (throwsIn(ctx.settings, "assess"))
      throw std::runtime_error("thrown from assess on " + r.name());
    return Verdict::healthy("fine");
  };
  def.assessments.push_back(a);
  return def;
}

}  // namespace

BULWARK_PLUGIN(makeDefinition)
