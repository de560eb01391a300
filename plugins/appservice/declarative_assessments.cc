#include "declarative_assessments.h"

#include <bulwark/sdk/builtin_definition.hpp>
#include <bulwark/sdk/security_controls.hpp>

#include <string>

namespace bulwark::appservice {

// policies/*.json, embedded by CMake.
extern const char kWebappHttpsOnly[];
extern const char kWebappLatestTls[];
extern const char kWebappFtpsOnly[];
extern const char kWebappFtpBasicAuth[];
extern const char kWebappScmBasicAuth[];
extern const char kWebappRemoteDebugging[];
extern const char kWebappClientCertificates[];
extern const char kWebappManagedIdentity[];
extern const char kWebappCors[];
extern const char kWebappHttp2[];
extern const char kWebappAuthentication[];
extern const char kWebappResourceLogs[];
extern const char kWebappPublicNetwork[];
extern const char kWebappPrivateLink[];
extern const char kWebappVnetRouteAll[];
extern const char kWebappEndToEndTls[];
extern const char kWebappSsh[];
extern const char kPlanPrivateLinkSku[];
extern const char kSlotHttpsOnly[];
extern const char kSlotLatestTls[];
extern const char kSlotFtpsOnly[];
extern const char kSlotRemoteDebugging[];
extern const char kSlotCors[];
extern const char kSlotManagedIdentity[];
extern const char kSlotFtpBasicAuth[];
extern const char kSlotScmBasicAuth[];
extern const char kSlotPublicNetwork[];
extern const char kFunctionappHttpsOnly[];
extern const char kFunctionappLatestTls[];
extern const char kFunctionappFtpsOnly[];
extern const char kFunctionappRemoteDebugging[];
extern const char kFunctionappCors[];
extern const char kFunctionappManagedIdentity[];
extern const char kFunctionappAuthentication[];
extern const char kFunctionappClientCertificates[];
extern const char kFunctionappPublicNetwork[];

namespace {

using sdk::Severity;

std::string webCommand(const std::string& app) {
  return "az webapp " + app + " --ids {id}";
}

std::string functionCommand(const std::string& app) {
  return "az functionapp " + app + " --ids {id}";
}

// A slot's id names its app and slot; the generic resource command takes the id as it is.
std::string slotCommand(const std::string& change) {
  if (change.rfind("update --set ", 0) == 0)
    return "az resource update --ids {id} --set properties." + change.substr(13);
  return "az webapp " + change + " --ids {id}";
}

// One setting of config/web through the generic resource command.
std::string siteConfigCommand(const std::string& property, const std::string& value) {
  return "az resource update --ids {id}/config/web --set properties." + property + "=" + value;
}

std::string basicAuthCommand(const std::string& policy) {
  return "az resource update --ids {id}/basicPublishingCredentialsPolicies/" + policy +
         " --set properties.allow=false";
}

std::vector<sdk::BuiltinRecommendation> recommendations() {
  return {
      {"appservice.https-only", kWebappHttpsOnly, Severity::Medium,
       sdk::controls::kEncryptInTransit,
       "Turn on 'HTTPS Only' (Configuration blade, General settings): HTTP requests are "
       "redirected to HTTPS.",
       webCommand("update --https-only true")},
      {"appservice.minimum-tls", kWebappLatestTls, Severity::Medium,
       sdk::controls::kEncryptInTransit,
       "Set the minimum inbound TLS version to 1.2 or later (Configuration blade, General "
       "settings).",
       webCommand("config set --min-tls-version 1.2")},
      {"appservice.ftps-only", kWebappFtpsOnly, Severity::High, sdk::controls::kEncryptInTransit,
       "Set the FTP state to 'FTPS only', or 'Disabled' when nobody deploys over FTP.",
       webCommand("config set --ftps-state FtpsOnly")},
      {"appservice.ftp-basic-auth", kWebappFtpBasicAuth, Severity::Medium,
       sdk::controls::kManageAccess,
       "Turn off basic authentication for FTP deployments and deploy with Microsoft Entra "
       "credentials.",
       basicAuthCommand("ftp")},
      {"appservice.scm-basic-auth", kWebappScmBasicAuth, Severity::Medium,
       sdk::controls::kManageAccess,
       "Turn off basic authentication for SCM (Kudu) deployments and deploy with Microsoft "
       "Entra credentials.",
       basicAuthCommand("scm")},
      {"appservice.remote-debugging", kWebappRemoteDebugging, Severity::Low,
       sdk::controls::kRemediateVulnerabilities,
       "Turn remote debugging off; turn it on only while a debugging session needs it.",
       webCommand("config set --remote-debugging-enabled false")},
      {"appservice.client-certificates", kWebappClientCertificates, Severity::Medium,
       sdk::controls::kManageAccess,
       "Require incoming client certificates (Configuration blade, General settings) where only "
       "clients with a valid certificate should reach the app.",
       webCommand("update --set clientCertEnabled=true clientCertMode=Required")},
      {"appservice.managed-identity", kWebappManagedIdentity, Severity::Medium,
       sdk::controls::kManageAccess,
       "Give the app a managed identity and use it instead of credentials in settings or code.",
       webCommand("identity assign")},
      {"appservice.cors", kWebappCors, Severity::Low, sdk::controls::kManageAccess,
       "Allow only the origins that must call the app; remove '*' from the CORS allowed "
       "origins.",
       webCommand("cors remove --allowed-origins '*'")},
      {"appservice.http2", kWebappHttp2, Severity::Low, sdk::controls::kBestPractices,
       "Turn on HTTP/2 (Configuration blade, General settings).",
       webCommand("config set --http20-enabled true")},
      {"appservice.authentication", kWebappAuthentication, Severity::Medium,
       sdk::controls::kManageAccess,
       "Turn on App Service authentication with an identity provider, so anonymous requests "
       "never reach the app.",
       webCommand("auth update --enabled true --action LoginWithAzureActiveDirectory")},
      {"appservice.resource-logs", kWebappResourceLogs, Severity::Low, sdk::controls::kAuditing,
       "Send the app's resource logs (AppServiceHTTPLogs, console, audit) to Log Analytics or "
       "a storage account with a diagnostic setting.",
       "az monitor diagnostic-settings create --resource {id} --name bulwark --workspace "
       "<workspace resource id> --logs '[{\"categoryGroup\": \"allLogs\", \"enabled\": true}]'"},
      {"appservice.public-network", kWebappPublicNetwork, Severity::Medium,
       sdk::controls::kRestrictNetwork,
       "Disable public network access and reach the app through private endpoints.",
       webCommand("update --set publicNetworkAccess=Disabled")},
      {"appservice.private-link", kWebappPrivateLink, Severity::Medium,
       sdk::controls::kRestrictNetwork,
       "Create a private endpoint for the app in the virtual network its clients use.",
       "az network private-endpoint create --name <endpoint> --resource-group <group> "
       "--vnet-name <vnet> --subnet <subnet> --private-connection-resource-id {id} --group-id "
       "sites --connection-name <connection>"},
      {"appservice.vnet-route-all", kWebappVnetRouteAll, Severity::Medium,
       sdk::controls::kRestrictNetwork,
       "Route all outbound traffic of the app through its virtual network integration, so "
       "network security groups and route tables apply to it.",
       webCommand("config set --vnet-route-all-enabled true")},
      {"appservice.end-to-end-tls", kWebappEndToEndTls, Severity::Medium,
       sdk::controls::kEncryptInTransit,
       "Turn on end-to-end TLS encryption, so traffic between the front ends and the workers "
       "is encrypted too.",
       webCommand("update --set endToEndEncryptionEnabled=true")},
      {"appservice.ssh", kWebappSsh, Severity::Low, sdk::controls::kSecureConfigurations,
       "Disable SSH to the app's containers unless an administrator needs it.",
       siteConfigCommand("sshEnabled", "false")},
      {"appservice.plan-private-link-sku", kPlanPrivateLinkSku, Severity::Low,
       sdk::controls::kRestrictNetwork,
       "Move the App Service plan to a tier that supports private endpoints (Basic, Standard, "
       "Premium v2 and later, Isolated v2 or Elastic Premium).",
       "az appservice plan update --ids {id} --sku P0V3"},
      // Deployment slots: the same settings, each slot its own resource.
      {"appservice.slot-https-only", kSlotHttpsOnly, Severity::Medium,
       sdk::controls::kEncryptInTransit, "Turn on 'HTTPS Only' for the slot.",
       slotCommand("update --set httpsOnly=true")},
      {"appservice.slot-minimum-tls", kSlotLatestTls, Severity::Medium,
       sdk::controls::kEncryptInTransit,
       "Set the slot's minimum inbound TLS version to 1.2 or later.",
       slotCommand("config set --min-tls-version 1.2")},
      {"appservice.slot-ftps-only", kSlotFtpsOnly, Severity::High, sdk::controls::kEncryptInTransit,
       "Set the slot's FTP state to 'FTPS only' or 'Disabled'.",
       slotCommand("config set --ftps-state FtpsOnly")},
      {"appservice.slot-remote-debugging", kSlotRemoteDebugging, Severity::Low,
       sdk::controls::kRemediateVulnerabilities, "Turn remote debugging off for the slot.",
       slotCommand("config set --remote-debugging-enabled false")},
      {"appservice.slot-cors", kSlotCors, Severity::Low, sdk::controls::kManageAccess,
       "Allow only the origins that must call the slot; remove '*'.",
       slotCommand("cors remove --allowed-origins '*'")},
      {"appservice.slot-managed-identity", kSlotManagedIdentity, Severity::Medium,
       sdk::controls::kManageAccess,
       "Give the slot a managed identity and use it instead of credentials.",
       slotCommand("identity assign")},
      {"appservice.slot-ftp-basic-auth", kSlotFtpBasicAuth, Severity::Medium,
       sdk::controls::kManageAccess,
       "Turn off basic authentication for FTP deployments to the slot.", basicAuthCommand("ftp")},
      {"appservice.slot-scm-basic-auth", kSlotScmBasicAuth, Severity::Medium,
       sdk::controls::kManageAccess,
       "Turn off basic authentication for SCM deployments to the slot.", basicAuthCommand("scm")},
      {"appservice.slot-public-network", kSlotPublicNetwork, Severity::Medium,
       sdk::controls::kRestrictNetwork,
       "Disable public network access for the slot; use private endpoints.",
       slotCommand("update --set publicNetworkAccess=Disabled")},
      {"appservice.function-https-only", kFunctionappHttpsOnly, Severity::Medium,
       sdk::controls::kEncryptInTransit, "Turn on 'HTTPS Only' for the function app.",
       functionCommand("update --set httpsOnly=true")},
      {"appservice.function-minimum-tls", kFunctionappLatestTls, Severity::Medium,
       sdk::controls::kEncryptInTransit,
       "Set the function app's minimum inbound TLS version to 1.2 or later.",
       functionCommand("config set --min-tls-version 1.2")},
      {"appservice.function-ftps-only", kFunctionappFtpsOnly, Severity::High,
       sdk::controls::kEncryptInTransit,
       "Set the function app's FTP state to 'FTPS only' or 'Disabled'.",
       functionCommand("config set --ftps-state FtpsOnly")},
      {"appservice.function-remote-debugging", kFunctionappRemoteDebugging, Severity::Low,
       sdk::controls::kRemediateVulnerabilities, "Turn remote debugging off for the function app.",
       functionCommand("config set --remote-debugging-enabled false")},
      {"appservice.function-cors", kFunctionappCors, Severity::Low, sdk::controls::kManageAccess,
       "Allow only the origins that must call the function app; remove '*'.",
       functionCommand("cors remove --allowed-origins '*'")},
      {"appservice.function-managed-identity", kFunctionappManagedIdentity, Severity::Medium,
       sdk::controls::kManageAccess,
       "Give the function app a managed identity and use it instead of credentials.",
       functionCommand("identity assign")},
      {"appservice.function-authentication", kFunctionappAuthentication, Severity::Medium,
       sdk::controls::kManageAccess, "Turn on App Service authentication for the function app.",
       "az webapp auth update --ids {id} --enabled true --action LoginWithAzureActiveDirectory"},
      {"appservice.function-client-certificates", kFunctionappClientCertificates, Severity::Medium,
       sdk::controls::kManageAccess,
       "Require incoming client certificates for the function app where only clients with a "
       "valid certificate should call it.",
       functionCommand("update --set clientCertEnabled=true clientCertMode=Required")},
      {"appservice.function-public-network", kFunctionappPublicNetwork, Severity::Medium,
       sdk::controls::kRestrictNetwork,
       "Disable public network access for the function app; use private endpoints.",
       functionCommand("update --set publicNetworkAccess=Disabled")},
  };
}

}  // namespace

std::vector<sdk::AssessmentDef> declarativeAssessments() {
  return sdk::builtinAssessments(recommendations());
}

}  // namespace bulwark::appservice
