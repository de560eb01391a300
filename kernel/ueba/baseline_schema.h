// UEBA's part of the store schema: per-principal baselines.
#pragma once

#include "store/schema.h"

namespace bulwark::ueba {

const SchemaPart& baselinesSchema();

}  // namespace bulwark::ueba
