// The store's schema history. Entry N (1-based) moves a database from version N-1 to N.
// Append only: a released migration is never edited.
#pragma once

#include <string>
#include <vector>

namespace bulwark {

const std::vector<std::string>& schemaMigrations();

}  // namespace bulwark
