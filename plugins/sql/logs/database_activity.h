// UEBA over database logins: per database principal, the addresses it logs in from and the
// applications it uses, from the db.login.success events of every reader.
#pragma once

#include <bulwark/plugin.hpp>

#include <vector>

namespace bulwark::sql::logs {

sdk::ActivityDef databaseLoginActivity();
std::vector<sdk::AnomalyKindDef> databaseAnomalyKinds();

}  // namespace bulwark::sql::logs
