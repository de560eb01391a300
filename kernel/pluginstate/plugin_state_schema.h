// Plugin state's part of the store schema, and the image scan status table it took over: before
// image scanning moved into the containers plugin, the kernel kept those statuses in a table of
// its own; stores that have it hand its rows to that plugin's state.
#pragma once

#include "store/schema.h"

namespace bulwark::pluginstate {

const SchemaPart& pluginStateSchema();
// Retired: no store gets this table any more; stores written before 0.2 may have it.
const SchemaPart& imageScansSchema();

}  // namespace bulwark::pluginstate
