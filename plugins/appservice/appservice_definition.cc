// The appservice plugin: Defender for App Service. Web apps, function apps and slots from the
// ARM snapshot with their configuration and plan attached; App Service HTTP logs as an event
// source and the web threat detection rule set over every access-log format.
#include "appservice_definition.h"

#include "declarative_assessments.h"
#include "logs/http_logs_source.h"
#include "site_collector.h"

namespace bulwark::appservice {

extern const char kWeb[];  // rules/web.yaml, embedded by CMake

sdk::PluginDef appservicePluginDefinition() {
  sdk::PluginDef def;
  def.id = "appservice";
  def.version = "0.1.0";
  def.description = "App Service: web apps, function apps and their slots";
  def.collectors.push_back(armSitesCollector());
  def.assessments = declarativeAssessments();
  def.ruleSets.push_back({"web-threats",
                          "Web threat detection over the apache, nginx, w3c and "
                          "appservice-http-logs sources: scanners, CMS scanning, path traversal, "
                          "SQL injection, XSS, remote code execution probes, web shells, "
                          "sensitive files, 404 floods and login brute force",
                          kWeb,
                          nullptr,
                          {}});
  def.eventSources = {logs::httpLogsSource()};
  return def;
}

}  // namespace bulwark::appservice
