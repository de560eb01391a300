// Stores as bulwark wrote them before the schema had parts (one PRAGMA user_version), for the
// tests of their upgrade: the same tables, made by replaying the parts' migrations in the order
// the single list applied them.
#pragma once

#include <string>

namespace bulwark::test {

// Creates `path` as a store at legacy schema `version` (1 to 11), without schema_parts.
void writeLegacyStore(const std::string& path, int version);

}  // namespace bulwark::test
