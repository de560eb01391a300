// The sql plugin's entry point; its declarations are in sql_definition.cc.
#include <bulwark/plugin.hpp>

#include "sql_definition.h"

BULWARK_PLUGIN(bulwark::sql::sqlPluginDefinition)
