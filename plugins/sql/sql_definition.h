// The sql plugin's declarations (sql_plugin.cc is the entry point); tests load the same
// definition in-process.
#pragma once

#include <bulwark/plugin.hpp>

namespace bulwark::sql {

sdk::PluginDef sqlPluginDefinition();

}  // namespace bulwark::sql
