// The detection engine's part of the store schema: alerts, and the read positions follow mode
// saves with them.
#pragma once

#include "store/schema.h"

namespace bulwark::detect {

const SchemaPart& alertsSchema();
const SchemaPart& detectOffsetsSchema();

}  // namespace bulwark::detect
