// Dangling DNS: a CNAME record of an Azure DNS zone (Microsoft.Network/dnszones/CNAME) that
// points at an App Service default host name (NAME.azurewebsites.net) no site of the snapshot
// owns. Whoever creates a site of that name next serves the zone's subdomain (subdomain
// takeover), which is what Defender for App Service's dangling domain alert warns about.
// The arm-sites collector emits the records with what it found under bulwark.appServiceTarget:
// {"hostName": "...", "site": "<id>" or null}.
#pragma once

#include <bulwark/plugin.hpp>

#include <map>
#include <string>

namespace bulwark::appservice {

inline constexpr const char* kCnameType = "Microsoft.Network/dnszones/CNAME";

// "app-old.azurewebsites.net." -> "app-old.azurewebsites.net"; "" when the target is not an
// App Service default host name (*.azurewebsites.net, *.scm.azurewebsites.net excluded).
std::string appServiceTarget(const std::string& cname);

// Adds bulwark.appServiceTarget to a CNAME record, `hostNames` being every host name (lower
// case) of every site in the snapshot, mapped to its site id.
void annotateCname(sdk::Json& record, const std::map<std::string, std::string>& hostNames);

sdk::AssessmentDef danglingDnsAssessment();

}  // namespace bulwark::appservice
