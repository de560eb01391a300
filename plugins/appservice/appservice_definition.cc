// The appservice plugin: Defender for App Service. Web apps, function apps and slots from the
// ARM snapshot with their configuration and plan attached.
#include "appservice_definition.h"

#include "config_assessments.h"
#include "dangling_dns.h"
#include "declarative_assessments.h"
#include "runtime_assessments.h"
#include "site_collector.h"

namespace bulwark::appservice {

sdk::PluginDef appservicePluginDefinition() {
  sdk::PluginDef def;
  def.id = "appservice";
  def.version = "0.1.0";
  def.description = "App Service: web apps, function apps and their slots";
  def.collectors.push_back(armSitesCollector());
  def.assessments = declarativeAssessments();
  def.assessments.push_back(danglingDnsAssessment());
  for (auto group : {configAssessments(), runtimeAssessments()}) {
    for (auto& a : group)
      def.assessments.push_back(std::move(a));
  }
  return def;
}

}  // namespace bulwark::appservice
