// The storage plugin's declarations, from which the SDK generates its C table and manifest
// (storage_plugin.cc); tests load the same definition in-process.
#pragma once

#include <bulwark/plugin.hpp>

namespace bulwark::storage {

sdk::PluginDef storagePluginDefinition();

}  // namespace bulwark::storage
