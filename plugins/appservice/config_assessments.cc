#include "config_assessments.h"

#include "site_config.h"
#include "web_types.h"

namespace bulwark::appservice {
namespace {

// "1.0" < "1.1" < "1.2" < "1.3"; 0 when it is not such a version.
int tlsRank(const std::string& version) {
  for (int i = 0; i < 4; ++i) {
    if (version == "1." + std::to_string(i)) return i + 1;
  }
  return 0;
}

sdk::Verdict judgeScmTls(const sdk::Resource& site, const sdk::Context&) {
  sdk::Json config = effectiveSiteConfig(site);
  const sdk::Json* v = sdk::at(config, "scmMinTlsVersion");
  if (v == nullptr || v->is_null())
    return sdk::Verdict::notApplicable("the snapshot does not show scmMinTlsVersion");
  if (!v->is_string()) throw std::runtime_error("scmMinTlsVersion is not text: " + v->dump());
  std::string version = v->get<std::string>();
  sdk::Json evidence = {{"scmMinTlsVersion", version}};
  int rank = tlsRank(version);
  if (rank == 0) throw std::runtime_error("scmMinTlsVersion is not a TLS version: " + version);
  std::string shown = "scmMinTlsVersion = " + version;
  return rank >= tlsRank("1.2") ? sdk::Verdict::healthy(shown, evidence)
                                : sdk::Verdict::unhealthy(shown, evidence);
}

sdk::Verdict judgeHttpLogs(const sdk::Resource& site, const sdk::Context&) {
  sdk::Json config = effectiveSiteConfig(site);
  auto enabled = sdk::asBool(sdk::at(config, "httpLoggingEnabled"));
  if (!enabled) return sdk::Verdict::notApplicable("the snapshot does not show httpLoggingEnabled");
  sdk::Json evidence = {{"httpLoggingEnabled", *enabled}};
  return *enabled ? sdk::Verdict::healthy("HTTP logging is on", evidence)
                  : sdk::Verdict::unhealthy("HTTP logging is off", evidence);
}

}  // namespace

std::vector<sdk::AssessmentDef> configAssessments() {
  sdk::AssessmentDef scm;
  scm.id = "appservice.scm-minimum-tls";
  scm.title = "App Service apps should use the latest TLS version for the SCM site";
  scm.resourceType = kSiteType;
  scm.severity = sdk::Severity::Medium;
  scm.control = "Encrypt data in transit";
  scm.description =
      "The SCM (Kudu) site deploys code and exposes the app's files and environment; it should "
      "refuse TLS 1.0 and 1.1 as the app itself does.";
  scm.remediation = "Set the SCM site's minimum inbound TLS version to 1.2 or later.";
  scm.quickFix = "az resource update --ids {id}/config/web --set properties.scmMinTlsVersion=1.2";
  scm.check = judgeScmTls;

  sdk::AssessmentDef logs;
  logs.id = "appservice.http-logs";
  logs.title = "App Service apps should have HTTP logging enabled";
  logs.resourceType = kSiteType;
  logs.severity = sdk::Severity::Low;
  logs.control = "Enable auditing and logging";
  logs.description =
      "Web server logs are what an investigation of an attack on the app starts from, and what "
      "the web threat detection rules read.";
  logs.remediation =
      "Turn on web server logging (App Service logs blade) to the file system or a storage "
      "account, with a retention period.";
  logs.quickFix =
      "az webapp log config --ids {id} --web-server-logging filesystem --detailed-error-messages "
      "true";
  logs.check = judgeHttpLogs;
  return {scm, logs};
}

}  // namespace bulwark::appservice
