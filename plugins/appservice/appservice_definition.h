// Everything the appservice plugin declares, for the entry point and the tests.
#pragma once

#include <bulwark/plugin.hpp>

namespace bulwark::appservice {

sdk::PluginDef appservicePluginDefinition();

}  // namespace bulwark::appservice
