// The appservice plugin: Defender for App Service. Web apps, function apps and slots from the
// ARM snapshot with their configuration and plan attached; web endpoints assessed live over the
// network (the endpoints setting); App Service HTTP logs as an event source and the web threat
// detection rule set over every access-log format.
#include "appservice_definition.h"

#include "config_assessments.h"
#include "dangling_dns.h"
#include "declarative_assessments.h"
#include "live/endpoint_settings.h"
#include "live/exposure_checks.h"
#include "live/header_checks.h"
#include "live/live_collector.h"
#include "live/tls_checks.h"
#include "logs/http_logs_source.h"
#include "runtime_assessments.h"
#include "site_collector.h"

namespace bulwark::appservice {

extern const char kWeb[];  // rules/web.yaml, embedded by CMake

sdk::PluginDef appservicePluginDefinition() {
  sdk::PluginDef def;
  def.id = "appservice";
  def.version = "0.1.0";
  def.description = "App Service: web apps, function apps and their slots";
  def.collectors.push_back(armSitesCollector());
  def.collectors.push_back(live::liveEndpointsCollector());
  def.assessments = declarativeAssessments();
  def.assessments.push_back(danglingDnsAssessment());
  for (auto group : {configAssessments(), runtimeAssessments()}) {
    for (auto& a : group)
      def.assessments.push_back(std::move(a));
  }
  for (auto group : {live::tlsChecks(), live::headerChecks(), live::exposureChecks()})
    for (auto& a : live::liveAssessments(std::move(group)))
      def.assessments.push_back(std::move(a));
  def.validateSettings = [](const sdk::Json& settings) { live::endpointSettings(settings); };
  def.settingsSchema = sdk::Json::parse(R"({
    "type": "object",
    "properties": {
      "endpoints": {
        "type": "array",
        "items": {
          "type": "object",
          "required": ["id", "url"],
          "additionalProperties": false,
          "properties": {
            "id": {"type": "string", "pattern": "^/subscriptions/[^/]+/.*/providers/"},
            "url": {"type": "string", "pattern": "^[Hh][Tt][Tt][Pp][Ss]://"},
            "server_name": {"type": "string", "minLength": 1},
            "host_header": {"type": "string", "minLength": 1},
            "http_url": {"type": "string", "pattern": "^[Hh][Tt][Tt][Pp]://"},
            "ca_file": {"type": "string", "minLength": 1},
            "expiry_warning_days": {"type": "integer", "minimum": 0, "maximum": 3650},
            "timeout_seconds": {"type": "integer", "minimum": 1, "maximum": 600},
            "listing_paths": {"type": "array", "minItems": 1,
                              "items": {"type": "string", "pattern": "^/"}}
          }
        }
      }
    }
  })");
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
