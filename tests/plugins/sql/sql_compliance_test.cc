// The sql plugin's recommendations in the compliance standards: over the sample estate, every
// one that judged a resource and whose built-in the corpus CIS Azure 3.0.0 or MCSB v2
// initiative maps shows under that initiative's controls in `bulwark compliance`, and the
// native checks under the CIS controls they evidence.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>
#include <map>
#include <set>

#include "sql_definition.h"
#include "support/test_support.h"

using namespace bulwark;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// Control ids of `initiative` per lower-case definition GUID.
std::map<std::string, std::set<std::string>> controlsByDefinition(const fs::path& initiative,
                                                                  const std::string& prefix) {
  json set = json::parse(std::ifstream(initiative));
  std::map<std::string, std::set<std::string>> out;
  for (const auto& ref : set["properties"]["policyDefinitions"]) {
    std::string id = ref["policyDefinitionId"];
    std::string guid = id.substr(id.rfind('/') + 1);
    for (auto& c : guid)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const auto& g : ref.value("groupNames", json::array())) {
      std::string group = g;
      if (group.rfind(prefix, 0) == 0) out[guid].insert(group.substr(prefix.size()));
    }
  }
  return out;
}

// assessment id -> control ids it shows under in `bulwark compliance --standard standard`.
std::map<std::string, std::set<std::string>> reported(const fs::path& config,
                                                      const std::string& standard) {
  auto r = test::runBulwark(
      {"compliance", "-c", config.string(), "--standard", standard, "--standards",
       (fs::path(BULWARK_SOURCE_DIR) / "config" / "compliance").string(), "-f", "json"});
  INFO(r.err);
  REQUIRE(r.exitCode == 0);
  std::map<std::string, std::set<std::string>> out;
  const json report = json::parse(r.out);
  for (const auto& c : report["controls"])
    for (const auto& a : c["assessments"])
      out[a.is_string() ? a.get<std::string>() : a.value("id", "")].insert(c["id"]);
  return out;
}

}  // namespace

TEST_CASE("sql recommendations appear under the CIS and MCSB controls the corpus maps them to") {
  fs::path corpus = test::corpusOrSkip("the sql compliance mapping");
  if (corpus.empty()) return;
  fs::path sets = corpus / "azure-policy" / "policySetDefinitions";
  auto cis = controlsByDefinition(sets / "CIS_Azure_Foundations_v3.0.0.json",
                                  "CIS_Azure_Foundations_v3.0.0_");
  auto mcsb = controlsByDefinition(sets / "MCSBv2.json", "Azure_Security_Benchmark_v3.0_");

  // The sample estate's databases: compliance lists what judged resources in the scan.
  test::TempDir dir;
  fs::path config = test::writeConfig(
      dir, {{"sql", ""}}, {fs::path(BULWARK_SOURCE_DIR) / "config" / "samples" / "estate"});
  auto scan = test::runBulwark({"scan", "-c", config.string(), "-f", "json"});
  INFO(scan.err);
  REQUIRE((scan.exitCode == 0 || scan.exitCode == 1));
  std::set<std::string> judged;
  const json scanned = json::parse(scan.out);
  for (const auto& r : scanned["results"])
    if (r["state"] == "Healthy" || r["state"] == "Unhealthy") judged.insert(r["assessmentId"]);
  auto cisReported = reported(config, "cis-azure-3.0.0");
  auto mcsbReported = reported(config, "mcsb-v2");

  size_t mapped = 0;
  const sdk::PluginDef def = sql::sqlPluginDefinition();
  for (const auto& a : def.assessments) {
    if (a.policyDefinitionId.empty() || judged.count(a.id) == 0) continue;
    INFO(a.id << " (" << a.policyDefinitionId << ")");
    for (const auto& control : cis[a.policyDefinitionId]) {
      ++mapped;
      CHECK(cisReported[a.id].count(control) == 1);
    }
    for (const auto& control : mcsb[a.policyDefinitionId]) {
      ++mapped;
      CHECK(mcsbReported[a.id].count(control) == 1);
    }
  }
  CHECK(mapped >= 15);
  // Native checks and flexible-server built-ins the initiative leaves unmapped, by CIS id.
  CHECK(cisReported["sql.entra-admin"].count("5.1.4") == 1);
  CHECK(cisReported["sql.firewall-open"].count("5.1.2") == 1);
  CHECK(cisReported["sql.mysql-secure-transport"].count("5.3.1") == 1);
  CHECK(cisReported["sql.mysql-tls-version"].count("5.3.2") == 1);
  CHECK(cisReported["sql.mysql-audit-log"].count("5.3.3") == 1);
  CHECK(cisReported["sql.postgres-connection-throttling"].count("5.2.3") == 1);
}
