// The kernel's own activity declarations, for its generic formats: Azure Activity Log records
// (type azure.activity: principal the caller, operation its operationName) and successful
// sign-ins (types ending in ".login.success", or containing "signin": principal the user,
// operation the event type). Written in the manifest format plugins use and read by the same
// parser, so UEBA has one way of reading events.
#pragma once

#include "loader/activity_declaration.h"

namespace bulwark::ueba {

const ActivityDeclarations& builtinActivityDeclarations();

}  // namespace bulwark::ueba
