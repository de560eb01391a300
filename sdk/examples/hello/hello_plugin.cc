// The hello plugin: one collector, one assessment, one rule set and a settings schema, written
// against the Bulwark SDK alone (bulwark/plugin.hpp). It checks that web apps carry an owner
// tag, so every resource in an estate has someone to call.
#include <bulwark/plugin.hpp>

namespace hello {
extern const char kHello[];  // rules/hello.yaml, embedded by bulwark_embed_text
}

namespace {

using namespace bulwark::sdk;

constexpr const char* kSiteType = "Microsoft.Web/sites";

Verdict ownerTag(const Resource& site, const Context& ctx) {
  std::string tag = ctx.settings.value("tag", "owner");
  const Json* owner = site.find("tags." + tag);
  if (owner == nullptr || !owner->is_string() || owner->get<std::string>().empty())
    return Verdict::unhealthy("no '" + tag + "' tag", {{"tag", tag}});
  return Verdict::healthy("owned by " + owner->get<std::string>(),
                          {{"tag", tag}, {"owner", owner->get<std::string>()}});
}

PluginDef definition() {
  PluginDef def;
  def.id = "hello";
  def.version = "1.0.0";
  def.description = "Example plugin: web apps should have an owner tag";
  // Empty run: take the inventory's resources of these types as they are.
  def.collectors.push_back({"hello-sites", "web apps from the inventory", {kSiteType}, {}});
  AssessmentDef a;
  a.id = "hello.owner-tag";
  a.title = "Web apps should have an owner tag";
  a.resourceType = kSiteType;
  a.severity = Severity::Low;
  a.control = "Implement security best practices";
  a.description = "Resources without an owner are the ones nobody patches.";
  a.remediation = "Add the tag: az resource tag --ids {id} --tags owner=<team>";
  a.check = ownerTag;
  def.assessments.push_back(a);
  def.ruleSets.push_back({"hello-rules", "Hello example rules", hello::kHello, {}, {}});
  def.settingsSchema = {{"type", "object"},
                        {"properties", {{"tag", {{"type", "string"}, {"minLength", 1}}}}},
                        {"additionalProperties", false}};
  return def;
}

}  // namespace

BULWARK_PLUGIN(definition)
