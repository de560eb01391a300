#include "vm_extensions.h"

#include "json_util.h"

namespace bulwark::vm {
namespace {

Extension fromDoc(const Json& doc) {
  Extension e;
  e.name = textAt(doc, "name");
  e.publisher = textAt(doc, "properties.publisher");
  e.type = textAt(doc, "properties.type");
  if (e.type.empty()) e.type = textAt(doc, "properties.virtualMachineExtensionType");
  e.provisioningState = textAt(doc, "properties.provisioningState");
  return e;
}

bool anyOf(const std::string& value, std::initializer_list<const char*> options) {
  for (const char* o : options) {
    if (iequals(value, o)) return true;
  }
  return false;
}

}  // namespace

std::vector<Extension> extensionsOf(const Json& resource) {
  std::vector<Extension> out;
  for (const Json* child : arrayAt(resource, "children")) {
    if (lower(textAt(*child, "type")).ends_with("/extensions")) out.push_back(fromDoc(*child));
  }
  for (const Json* r : arrayAt(resource, "resources")) {
    if (lower(textAt(*r, "type")).ends_with("/extensions")) out.push_back(fromDoc(*r));
  }
  for (const Json* r :
       arrayAt(resource, "properties.virtualMachineProfile.extensionProfile.extensions")) {
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
  return iequals(e.publisher, "Microsoft.GuestConfiguration") ||
         anyOf(e.type, {"ConfigurationforLinux", "ConfigurationforWindows"});
}

bool isDiskEncryption(const Extension& e) {
  return anyOf(e.type, {"AzureDiskEncryption", "AzureDiskEncryptionForLinux"});
}

}  // namespace bulwark::vm
