#include "dangling_dns.h"

namespace bulwark::appservice {

std::string appServiceTarget(const std::string& cname) {
  std::string host = sdk::lower(cname);
  while (!host.empty() && host.back() == '.')
    host.pop_back();
  constexpr std::string_view kSuffix = ".azurewebsites.net";
  if (host.size() <= kSuffix.size() ||
      host.compare(host.size() - kSuffix.size(), kSuffix.size(), kSuffix) != 0)
    return {};
  return host;
}

void annotateCname(sdk::Json& record, const std::map<std::string, std::string>& hostNames) {
  std::string cname = sdk::textAt(record, "properties.CNAMERecord.cname");
  if (cname.empty()) cname = sdk::textAt(record, "properties.cnameRecord.cname");
  std::string target = appServiceTarget(cname);
  if (target.empty()) return;
  auto owner = hostNames.find(target);
  record["bulwark"]["appServiceTarget"] = {
      {"hostName", target},
      {"site", owner == hostNames.end() ? sdk::Json() : sdk::Json(owner->second)}};
}

sdk::AssessmentDef danglingDnsAssessment() {
  sdk::AssessmentDef a;
  a.id = "appservice.dangling-dns";
  a.title = "DNS records should not point at App Service apps that no longer exist";
  a.resourceType = kCnameType;
  a.severity = sdk::Severity::High;
  a.control = "Restrict unauthorized network access";
  a.description =
      "A CNAME record pointing at NAME.azurewebsites.net when no app of that name exists lets "
      "anyone who creates one serve content, phish and read cookies under your domain "
      "(subdomain takeover).";
  a.remediation =
      "Delete the record, or point it at the app that now serves the name; when retiring an app, "
      "remove its DNS records first.";
  a.quickFix = "az network dns record-set cname delete --ids {id} --yes";
  a.check = [](const sdk::Resource& record, const sdk::Context&) {
    const sdk::Json* target = record.find("bulwark.appServiceTarget");
    if (target == nullptr || !target->is_object())
      return sdk::Verdict::notApplicable("the record does not point at an App Service host name");
    std::string host = sdk::textAt(*target, "hostName");
    const sdk::Json* site = sdk::at(*target, "site");
    sdk::Json evidence = {{"target", host}, {"site", site ? *site : sdk::Json()}};
    if (site == nullptr || site->is_null())
      return sdk::Verdict::unhealthy(
          "points at " + host + ", which no App Service app in the snapshot owns", evidence);
    return sdk::Verdict::healthy("points at " + host + " of " + site->get<std::string>(), evidence);
  };
  return a;
}

}  // namespace bulwark::appservice
