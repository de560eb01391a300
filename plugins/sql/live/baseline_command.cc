#include "live/baseline_command.h"

#include <bulwark/sdk/time.hpp>

#include "live/baseline.h"
#include "live/postgres_checks.h"
#include "live/postgres_facts.h"
#include "live/postgres_settings.h"

namespace bulwark::sql::live {
namespace {

constexpr int kExitOk = 0;
constexpr int kExitUsage = 2;
constexpr int kExitRuntime = 3;

constexpr const char* kUsage =
    "Usage: bulwark sql baseline approve|show|clear SERVER_ID [--config FILE]\n"
    "  approve  read the server (postgres_servers setting) and accept its current findings\n"
    "  show     print the server's baseline as JSON\n"
    "  clear    forget the server's baseline\n";

int approve(const PostgresServerSetting& server, sdk::CommandIo& io, const sdk::Context& ctx) {
  Baseline baseline;
  baseline.approvedAt = sdk::utcNowIso8601();
  for (const auto& [check, verdict] : judgePostgres(readPostgresFacts(server)))
    if (verdict.state == sdk::State::Unhealthy) baseline.accepted[check] = verdict.reason;
  saveBaseline(ctx.host.state(), server.id, baseline);
  io.out << "baseline of " << server.id << " approved at " << baseline.approvedAt << ": "
         << baseline.accepted.size() << " finding(s) accepted\n";
  for (const auto& [check, text] : baseline.accepted)
    io.out << "  " << check << ": " << text << "\n";
  return kExitOk;
}

}  // namespace

int sqlCommand(const std::vector<std::string>& args, sdk::CommandIo& io, const sdk::Context& ctx) {
  if (args.size() == 1 && (args[0] == "--help" || args[0] == "-h")) {
    io.out << kUsage;
    return kExitOk;
  }
  if (args.size() != 3 || args[0] != "baseline" ||
      (args[1] != "approve" && args[1] != "show" && args[1] != "clear")) {
    io.err << "bulwark sql: expected baseline approve|show|clear SERVER_ID\n" << kUsage;
    return kExitUsage;
  }
  const std::string& id = args[2];
  try {
    std::vector<PostgresServerSetting> servers = postgresServers(ctx.settings);
    const PostgresServerSetting* server = nullptr;
    for (const auto& s : servers)
      if (sdk::iequals(s.id, id)) server = &s;
    if (server == nullptr) {
      io.err << "bulwark sql: " << id
             << " is not one of the postgres_servers of the sql plugin's settings\n";
      return kExitUsage;
    }
    if (args[1] == "approve") return approve(*server, io, ctx);
    if (args[1] == "clear") {
      clearBaseline(ctx.host.state(), server->id);
      io.out << "baseline of " << server->id << " cleared\n";
      return kExitOk;
    }
    auto baseline = loadBaseline(ctx.host.state(), server->id);
    if (!baseline) {
      io.err << "bulwark sql: " << server->id << " has no baseline\n";
      return kExitRuntime;
    }
    io.out << sdk::Json{{"serverId", server->id},
                        {"approvedAt", baseline->approvedAt},
                        {"accepted", baseline->accepted}}
                  .dump(2)
           << "\n";
    return kExitOk;
  } catch (const std::exception& e) {
    io.err << "bulwark sql: " << e.what() << "\n";
    return kExitRuntime;
  }
}

}  // namespace bulwark::sql::live
