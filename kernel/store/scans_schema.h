// The store's own part of the schema: scans with the resources they saw, their results,
// assessment metadata, plugin runs and problems.
#pragma once

#include "store/schema.h"

namespace bulwark {

const SchemaPart& scansSchema();

}  // namespace bulwark
