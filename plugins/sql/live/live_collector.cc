#include "live/live_collector.h"

#include <stdexcept>
#include <string>
#include <vector>

#include "live/baseline.h"
#include "live/postgres_facts.h"
#include "live/postgres_settings.h"

namespace bulwark::sql::live {
namespace {

void collect(const sdk::Context& ctx) {
  std::vector<PostgresServerSetting> servers = postgresServers(ctx.settings);
  std::vector<std::string> failures;
  for (const auto& server : servers) {
    if (ctx.host.cancelled()) return;
    try {
      sdk::Json doc = postgresServerDocument(server, readPostgresFacts(server));
      if (auto baseline = loadBaseline(ctx.host.state(), server.id))
        doc["properties"]["bulwarkBaseline"] = baselineJson(*baseline);
      ctx.host.emitResource(doc);
      ctx.host.info("read PostgreSQL " + server.describe() + " as " + server.id);
    } catch (const std::exception& e) {
      ctx.host.error(e.what());
      failures.emplace_back(e.what());
    }
  }
  if (!failures.empty()) {
    std::string message = std::to_string(failures.size()) + " of " +
                          std::to_string(servers.size()) +
                          " PostgreSQL server(s) could not be read: ";
    for (size_t i = 0; i < failures.size(); ++i)
      message += (i == 0 ? "" : "; ") + failures[i];
    throw std::runtime_error(message);
  }
}

}  // namespace

sdk::CollectorDef livePostgresCollector() {
  return {"live-postgres",
          "PostgreSQL servers of the postgres_servers setting, read live through libpq: settings, "
          "pg_hba rules, roles, privileges of PUBLIC, languages, extensions, version",
          {kLivePostgresType},
          collect};
}

}  // namespace bulwark::sql::live
