// The appservice plugin's entry point; its declarations are in appservice_definition.cc.
#include <bulwark/plugin.hpp>

#include "appservice_definition.h"

BULWARK_PLUGIN(bulwark::appservice::appservicePluginDefinition)
