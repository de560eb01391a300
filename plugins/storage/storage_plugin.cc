// The storage plugin's entry point; its declarations are in storage_definition.cc.
#include <bulwark/plugin.hpp>

#include "storage_definition.h"

BULWARK_PLUGIN(bulwark::storage::storagePluginDefinition)
