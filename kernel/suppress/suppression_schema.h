// Suppression rules' part of the store schema.
#pragma once

#include "store/schema.h"

namespace bulwark::suppress {

const SchemaPart& suppressionsSchema();

}  // namespace bulwark::suppress
