#include "vm_extensions.h"

#include <bulwark/sdk/json.hpp>

namespace bulwark::vm {

using sdk::Json;

namespace {

Extension fromDoc(const Json& doc) {
  Extension e;
  e.name = sdk::textAt(doc, "name");
  e.publisher = sdk::textAt(doc, "properties.publisher");
  e.type = sdk::textAt(doc, "properties.type");
  if (e.type.empty()) e.type = sdk::textAt(doc, "properties.virtualMachineExtensionType");
  e.provisioningState = sdk::textAt(doc, "properties.provisioningState");
  return e;
}

bool anyOf(const std::string& value, std::initializer_list<const char*> options) {
  for (const char* o : options) {
    if (sdk::iequals(value, o)) return true;
  }
  return false;
}

}  // namespace

std::vector<Extension> extensionsOf(const Json& resource) {
  std::vector<Extension> out;
  for (const Json* child : sdk::arrayAt(resource, "children")) {
    if (sdk::lower(sdk::textAt(*child, "type")).ends_with("/extensions"))
      out.push_back(fromDoc(*child));
  }
  for (const Json* r : sdk::arrayAt(resource, "resources")) {
    if (sdk::lower(sdk::textAt(*r, "type")).ends_with("/extensions")) out.push_back(fromDoc(*r));
  }
  for (const Json* r :
       sdk::arrayAt(resource, "properties.virtualMachineProfile.extensionProfile.extensions")) {
    out.push_back(fromDoc(*r));
  }
  return out;
}

bool isEndpointProtection(const Extension& e) {
  return anyOf(
      e.type, {"MDE.Linux", "MDE.Windows", "IaaSAntimalware", "TrendMicroDSA", "TrendMicroDSALinux",
               "SymantecEndpointProtection", "McAfeeEndpointSecurity", "SentinelOne.LinuxExtension",
               "SentinelOne.WindowsExtension", "CrowdStrikeFalcon"});
}

bool isGuestConfiguration(const Extension& e) {
  return sdk::iequals(e.publisher, "Microsoft.GuestConfiguration") ||
         anyOf(e.type, {"ConfigurationforLinux", "ConfigurationforWindows"});
}

bool isDiskEncryption(const Extension& e) {
  return anyOf(e.type, {"AzureDiskEncryption", "AzureDiskEncryptionForLinux"});
}

}  // namespace bulwark::vm
