// Plans' part of the store schema.
#pragma once

#include "store/schema.h"

namespace bulwark::plans {

const SchemaPart& plansSchema();

}  // namespace bulwark::plans
