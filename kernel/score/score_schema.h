// Secure Score's part of the store schema: the score of each scan, overall and per
// subscription, and of each control.
#pragma once

#include "store/schema.h"

namespace bulwark {

const SchemaPart& scoresSchema();

}  // namespace bulwark
