// Which VM extensions a resource carries, from its attached children, the "resources" array
// of a GET response, or a scale set's extension profile.
#pragma once

#include <bulwark/plugin.hpp>

#include <string>
#include <vector>

namespace bulwark::vm {

struct Extension {
  std::string name;
  std::string publisher;
  std::string type;
  std::string provisioningState;
};

std::vector<Extension> extensionsOf(const sdk::Json& resource);

// Endpoint protection / EDR agents Defender recognises from their extension type.
bool isEndpointProtection(const Extension& e);
bool isGuestConfiguration(const Extension& e);
bool isDiskEncryption(const Extension& e);

}  // namespace bulwark::vm
