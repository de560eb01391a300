// Declarative (Azure Policy) assessments on documents a collector read from a data plane only:
// the storage plugin's minimum-tls and secure-transfer definitions answer NotApplicable there,
// as its native checks do, instead of reporting the ARM property as not set.
#include <catch2/catch.hpp>
#include <map>

#include "policy/declarative_assessment.h"
#include "support/test_support.h"

using bulwark::AssessmentState;
using bulwark::policy::DeclarativeAssessment;
using nlohmann::json;

namespace {

DeclarativeAssessment storagePolicy(const std::string& file) {
  bulwark::AssessmentInfo info;
  info.id = "storage." + file;
  info.pluginId = "storage";
  info.resourceType = "Microsoft.Storage/storageAccounts";
  info.policy = json::parse(bulwark::test::readFile(bulwark::test::sourceDir() / "plugins" /
                                                    "storage" / "policies" / (file + ".json")));
  return DeclarativeAssessment(info, json::object());
}

json account(const json& properties, const json& dataPlane) {
  json doc = {{"id",
               "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/"
               "Microsoft.Storage/storageAccounts/acct"},
              {"name", "acct"},
              {"type", "Microsoft.Storage/storageAccounts"},
              {"properties", properties}};
  if (!dataPlane.is_null()) doc["dataPlane"] = dataPlane;
  return doc;
}

}  // namespace

TEST_CASE("declarative storage policies are NotApplicable on data-plane-only documents",
          "[policy][dataplane]") {
  // Each definition's failing document: minimum TLS not set; secure transfer turned off.
  const std::map<std::string, json> failing = {
      {"minimum-tls", json::object()}, {"secure-transfer", {{"supportsHttpsTrafficOnly", false}}}};
  for (const auto& [file, bad] : failing) {
    INFO(file);
    DeclarativeAssessment a = storagePolicy(file);
    REQUIRE_FALSE(a.unsupported());
    json liveOnly = {{"source", "Azure Storage Blob service REST API"}, {"armDocument", false}};
    auto dataPlane = a.evaluate(account(bad, liveOnly), json::object(), nullptr);
    REQUIRE(dataPlane);
    CHECK(dataPlane->state == AssessmentState::NotApplicable);
    CHECK_THAT(dataPlane->reason, Catch::Contains("data plane only") &&
                                      Catch::Contains("ARM document to the inventory"));

    // The same document merged with its ARM document, or an ARM document alone, is judged.
    json merged = liveOnly;
    merged["armDocument"] = true;
    for (const json& marker : {merged, json()}) {
      auto judged = a.evaluate(account(bad, marker), json::object(), nullptr);
      REQUIRE(judged);
      CHECK(judged->state == AssessmentState::Unhealthy);
    }
    json good = {{"minimumTlsVersion", "TLS1_2"}, {"supportsHttpsTrafficOnly", true}};
    auto healthy = a.evaluate(account(good, merged), json::object(), nullptr);
    REQUIRE(healthy);
    CHECK(healthy->state == AssessmentState::Healthy);
  }
}
