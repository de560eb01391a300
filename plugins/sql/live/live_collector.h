// The "live-postgres" collector: each server of the postgres_servers setting, read through
// libpq and emitted as a Bulwark.Sql/postgresServers resource under the id the operator gave.
// A server that cannot be read is logged by name and the others are still read; the collector
// then fails with every server's message, so the scan records the error.
#pragma once

#include <bulwark/plugin.hpp>

namespace bulwark::sql::live {

sdk::CollectorDef livePostgresCollector();

}  // namespace bulwark::sql::live
