// Azure Policy's Microsoft.KeyVault.Data mode: definitions over the certificates, keys and
// secrets of a key vault. Azure reads those objects from the vault's data plane and reports
// them as components of the vault; so does this engine, with one verdict per vault.
//
// The objects are documents of type Microsoft.KeyVault.Data/vaults/{certificates,keys,secrets}
// under the vault's "children" (type Microsoft.KeyVault/vaults), as a collector that read the
// data plane attaches them. Their aliases resolve by the default rule (".../secrets/
// attributes.expiresOn" is properties.attributes.expiresOn) and times are ISO 8601 text. A
// vault document with a "dataPlane" member says its data plane was read: no objects then
// means the vault holds none, rather than that nobody looked.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "policy/policy_definition.h"

namespace bulwark::policy {

inline constexpr const char* kKeyVaultDataMode = "Microsoft.KeyVault.Data";
inline constexpr const char* kVaultType = "Microsoft.KeyVault/vaults";

bool isKeyVaultDataMode(const std::string& mode);

// The vault's verdict from those of its data-plane objects (`evaluateObject` answers
// NotApplicable for objects the definition does not target): NonCompliant naming every failing
// object, Compliant when all comply, NoData when the vault carries none of `objectTypes`.
// A Disabled verdict of any object is returned as it is.
PolicyVerdict evaluateVaultObjects(
    const Json& vault, const std::vector<std::string>& objectTypes,
    const std::function<PolicyVerdict(const Json& object)>& evaluateObject);

}  // namespace bulwark::policy
