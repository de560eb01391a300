// The seeded StorageBlobLogs generator: deterministic, shaped like the documented table, quiet
// when clean, and every injected attack present where its ground truth says.
#include <catch2/catch.hpp>

#include <map>
#include <set>

#include "logs/blob_log_generator.h"

using namespace bulwark::storage::logs;
using nlohmann::json;

namespace {

// Columns of the StorageBlobLogs table (Azure Monitor reference) the generator fills, with
// their JSON types.
const std::map<std::string, json::value_t> kColumns = {
    {"TimeGenerated", json::value_t::string},
    {"AccountName", json::value_t::string},
    {"Location", json::value_t::string},
    {"Protocol", json::value_t::string},
    {"OperationName", json::value_t::string},
    {"AuthenticationType", json::value_t::string},
    {"StatusCode", json::value_t::string},
    {"StatusText", json::value_t::string},
    {"DurationMs", json::value_t::number_integer},
    {"Uri", json::value_t::string},
    {"CallerIpAddress", json::value_t::string},
    {"CorrelationId", json::value_t::string},
    {"ObjectKey", json::value_t::string},
    {"ResponseBodySize", json::value_t::number_integer},
    {"RequestBodySize", json::value_t::number_integer},
    {"RequestMd5", json::value_t::string},
    {"Category", json::value_t::string},
    {"Type", json::value_t::string},
    {"_ResourceId", json::value_t::string},
    {"UserAgentHeader", json::value_t::string}};

std::vector<AttackSpec> everyAttack(const GeneratorOptions& o) {
  std::vector<AttackSpec> specs;
  int64_t t = o.startUnixSeconds + 600;
  for (AttackKind k :
       {AttackKind::AnonymousAccess, AttackKind::TorExitAccess, AttackKind::ContainerMadePublic,
        AttackKind::MassDeletion, AttackKind::MassExtraction, AttackKind::SasFromNewAddress,
        AttackKind::MalwareUpload, AttackKind::ContainerEnumeration}) {
    specs.push_back({k, t, "", 0});
    t += 2400;
  }
  return specs;
}

std::string ipOf(const json& r) {
  std::string s = r["CallerIpAddress"];
  return s.substr(0, s.rfind(':'));
}

}  // namespace

TEST_CASE("the same seed gives the same logs, another seed other logs", "[storage][bloblogs]") {
  GeneratorOptions o;
  std::string first = toJsonLines(generateBlobLogs(o, everyAttack(o)));
  CHECK(first == toJsonLines(generateBlobLogs(o, everyAttack(o))));
  GeneratorOptions other = o;
  other.seed = 2;
  CHECK(first != toJsonLines(generateBlobLogs(other, everyAttack(other))));
}

TEST_CASE("records have the StorageBlobLogs columns and are in time order", "[storage][bloblogs]") {
  GeneratorOptions o;
  GeneratedLogs logs = generateBlobLogs(o, everyAttack(o));
  REQUIRE(logs.records.size() > o.cleanRecords);
  std::string previous;
  for (const auto& r : logs.records) {
    for (const auto& [column, type] : kColumns) {
      INFO(column << " in " << r.dump());
      REQUIRE(r.contains(column));
      CHECK(r[column].type() == type);
    }
    CHECK(r["Type"] == "StorageBlobLogs");
    CHECK(r["AccountName"] == o.accountName);
    std::string t = r["TimeGenerated"];
    CHECK(t >= previous);
    CHECK(t >= "2026-01-01T00:00:00.000Z");
    previous = t;
  }
}

TEST_CASE("clean logs carry no attack signal", "[storage][bloblogs]") {
  GeneratorOptions o;
  GeneratedLogs logs = generateBlobLogs(o, {});
  CHECK(logs.records.size() == o.cleanRecords);
  std::set<std::string> known(o.clientIps.begin(), o.clientIps.end());
  std::map<std::string, size_t> deletesPerCaller;
  for (const auto& r : logs.records) {
    CHECK(r["AuthenticationType"] != "Anonymous");
    CHECK(known.count(ipOf(r)) == 1);
    CHECK(r["OperationName"] != "SetContainerACL");
    CHECK(r["OperationName"] != "ListContainers");
    CHECK(r["ResponseBodySize"].get<int64_t>() < 50000000);
    CHECK(r["RequestMd5"] == "");
    if (r["OperationName"] == "DeleteBlob") ++deletesPerCaller[ipOf(r)];
  }
  for (const auto& [ip, n] : deletesPerCaller)
    CHECK(n < 50);  // about 3% of 2,000 requests spread over four callers and six hours
}

TEST_CASE("each injected attack is where its ground truth says", "[storage][bloblogs]") {
  GeneratorOptions o;
  GeneratedLogs logs = generateBlobLogs(o, everyAttack(o));
  REQUIRE(logs.attacks.size() == 8);
  std::set<std::string> known(o.clientIps.begin(), o.clientIps.end());
  for (const auto& a : logs.attacks) {
    INFO(attackName(a.kind));
    REQUIRE_FALSE(a.recordIndexes.empty());
    CHECK(known.count(a.callerIp) == 0);
    size_t fromCaller = 0;
    for (size_t i : a.recordIndexes)
      fromCaller += ipOf(logs.records.at(i)) == a.callerIp;
    // Only the SetContainerACL of "made public" comes from the owner's usual address.
    CHECK(fromCaller + (a.kind == AttackKind::ContainerMadePublic ? 1 : 0) ==
          a.recordIndexes.size());
  }
  auto attack = [&](AttackKind k) -> const InjectedAttack& {
    for (const auto& a : logs.attacks) {
      if (a.kind == k) return a;
    }
    throw std::logic_error("missing attack");
  };

  const auto& tor = attack(AttackKind::TorExitAccess);
  CHECK(tor.callerIp == o.torExitIp);

  const auto& madePublic = attack(AttackKind::ContainerMadePublic);
  const json& acl = logs.records[madePublic.recordIndexes.front()];
  CHECK(acl["OperationName"] == "SetContainerACL");
  CHECK(logs.records[madePublic.recordIndexes.back()]["AuthenticationType"] == "Anonymous");

  const auto& deletion = attack(AttackKind::MassDeletion);
  CHECK(deletion.recordIndexes.size() == 300);
  std::string first = logs.records[deletion.recordIndexes.front()]["TimeGenerated"];
  std::string last = logs.records[deletion.recordIndexes.back()]["TimeGenerated"];
  // The fourth attack starts at 02:10; 300 deletions at most 2 s apart end within 10 minutes.
  CHECK(first.substr(0, 16) == "2026-01-01T02:10");
  CHECK(last > first);
  CHECK(last.substr(0, 16) <= "2026-01-01T02:20");

  const auto& extraction = attack(AttackKind::MassExtraction);
  int64_t bytes = 0;
  for (size_t i : extraction.recordIndexes)
    bytes += logs.records[i]["ResponseBodySize"].get<int64_t>();
  CHECK(bytes > 400LL * 50000000);

  const auto& sas = attack(AttackKind::SasFromNewAddress);
  for (size_t i : sas.recordIndexes)
    CHECK(logs.records[i]["AuthenticationType"] == "SAS");

  // The EICAR test file's well-known MD5 and SHA-256.
  const auto& malware = attack(AttackKind::MalwareUpload);
  REQUIRE(malware.recordIndexes.size() == 1);
  const json& upload = logs.records[malware.recordIndexes[0]];
  CHECK(upload["OperationName"] == "PutBlob");
  CHECK(upload["RequestMd5"] == "RNiGEv6oqPNt6C4SeKuwLw==");
  CHECK(malware.sha256 == "275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f");

  const auto& enumeration = attack(AttackKind::ContainerEnumeration);
  size_t notFound = 0;
  for (size_t i : enumeration.recordIndexes)
    notFound += logs.records[i]["StatusText"] == "ContainerNotFound";
  CHECK(notFound > 30);
}

TEST_CASE("an attack outside the window is refused", "[storage][bloblogs]") {
  GeneratorOptions o;
  CHECK_THROWS_AS(generateBlobLogs(o, {{AttackKind::MassDeletion, o.startUnixSeconds - 1, "", 0}}),
                  std::invalid_argument);
  GeneratorOptions empty = o;
  empty.containers.clear();
  CHECK_THROWS_AS(generateBlobLogs(empty, {}), std::invalid_argument);
}
