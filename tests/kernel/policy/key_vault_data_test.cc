// Microsoft.KeyVault.Data definitions: judged on a vault over the data-plane objects its
// document carries, NotApplicable with the reason when it carries none, and the real built-ins
// of the corpus on hand-made vaults whose expected verdicts follow from their own dates.
#include <catch2/catch.hpp>
#include <ctime>
#include <fstream>

#include "policy/declarative_assessment.h"
#include "policy/policy_definition.h"
#include "support/test_support.h"

using namespace bulwark;
using namespace bulwark::policy;

namespace {

const std::string kVaultId =
    "/subscriptions/s1/resourceGroups/g/providers/Microsoft.KeyVault/vaults/kv1";

// "Key Vault secrets should have an expiration date", as the built-in writes it.
const char* kSecretsExpire = R"({
  "properties": {"displayName": "secrets expire", "mode": "Microsoft.KeyVault.Data",
    "policyRule": {
      "if": {"allOf": [{"field": "type", "equals": "Microsoft.KeyVault.Data/vaults/secrets"},
                       {"field": "Microsoft.KeyVault.Data/vaults/secrets/attributes.expiresOn",
                        "exists": false}]},
      "then": {"effect": "audit"}}}})";

Json object(const std::string& kind, const std::string& name, const Json& attributes) {
  return {{"id", kVaultId + "/" + kind + "/" + name},
          {"name", name},
          {"type", "Microsoft.KeyVault.Data/vaults/" + kind},
          {"properties", {{"attributes", attributes}}}};
}

Json vault(const Json& children, bool dataPlaneRead = true) {
  Json v = {{"id", kVaultId},
            {"name", "kv1"},
            {"type", "Microsoft.KeyVault/vaults"},
            {"properties", {{"enableSoftDelete", true}}}};
  if (!children.empty()) v["children"] = children;
  if (dataPlaneRead) v["dataPlane"] = {{"source", "Key Vault REST API"}, {"armDocument", true}};
  return v;
}

std::string isoDaysFromNow(long days) {
  std::time_t t = std::time(nullptr) + days * 86400;
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace

TEST_CASE("a Key Vault data definition judges the vault by its secrets", "[policy][keyvault]") {
  PolicyDefinition def = parseDefinition(Json::parse(kSecretsExpire), "secrets.json");
  CHECK_FALSE(unsupportedFeature(def, Json::object()));
  auto types = targetTypes(def, Json::object());
  REQUIRE(types.size() == 2);
  CHECK(types[0] == "Microsoft.KeyVault/vaults");
  CHECK(types[1] == "Microsoft.KeyVault.Data/vaults/secrets");

  Json expiring = object("secrets", "db-password", {{"expiresOn", "2030-01-01T00:00:00Z"}});
  Json forever = object("secrets", "api-token", {{"enabled", true}});
  Json key = object("keys", "no-expiry-key", {{"enabled", true}});

  PolicyVerdict mixed =
      evaluateDefinition(def, Json::object(), vault(Json::array({expiring, forever, key})));
  CHECK(mixed.compliance == Compliance::NonCompliant);
  CHECK(mixed.effect == "audit");
  CHECK(mixed.evidence["objectsJudged"] == 2);  // the key is not what the definition audits
  REQUIRE(mixed.evidence["failing"].size() == 1);
  CHECK(mixed.evidence["failing"][0]["name"] == "api-token");
  CHECK_THAT(mixed.reason,
             Catch::StartsWith("1 of 2 Microsoft.KeyVault.Data/vaults/secrets fail") &&
                 Catch::Contains("api-token"));

  PolicyVerdict fine = evaluateDefinition(def, Json::object(), vault(Json::array({expiring, key})));
  CHECK(fine.compliance == Compliance::Compliant);
  CHECK(fine.evidence["objectsJudged"] == 1);

  // Each object can also be judged on its own.
  CHECK(evaluateDefinition(def, Json::object(), forever).compliance == Compliance::NonCompliant);
  CHECK(evaluateDefinition(def, Json::object(), key).compliance == Compliance::NotApplicable);
}

TEST_CASE("a vault without data-plane objects gets no verdict, and says why",
          "[policy][keyvault]") {
  PolicyDefinition def = parseDefinition(Json::parse(kSecretsExpire), "secrets.json");
  PolicyVerdict unread = evaluateDefinition(def, Json::object(), vault(Json::array(), false));
  CHECK(unread.compliance == Compliance::NoData);
  CHECK_THAT(unread.reason, Catch::Contains("no Microsoft.KeyVault.Data/vaults/secrets of vault "
                                            "'kv1'") &&
                                Catch::Contains("data plane, which was not read"));
  Json onlyKeys = vault(Json::array({object("keys", "k", {{"enabled", true}})}));
  PolicyVerdict none = evaluateDefinition(def, Json::object(), onlyKeys);
  CHECK(none.compliance == Compliance::NoData);
  CHECK_THAT(none.reason, Catch::Contains("holds no") && Catch::Contains("data plane was read"));

  // Other resource types stay out of reach, and a Disabled effect still disables.
  Json account = {{"id",
                   "/subscriptions/s1/resourceGroups/g/providers/Microsoft.Storage/"
                   "storageAccounts/a"},
                  {"type", "Microsoft.Storage/storageAccounts"}};
  CHECK(evaluateDefinition(def, Json::object(), account).compliance == Compliance::NotApplicable);
  Json off = Json::parse(kSecretsExpire);
  off["properties"]["policyRule"]["then"]["effect"] = "disabled";
  CHECK(evaluateDefinition(parseDefinition(off, "off.json"), Json::object(), onlyKeys).compliance ==
        Compliance::Disabled);
}

TEST_CASE("as an assessment, a vault read from its data plane only is still judged",
          "[policy][keyvault][dataplane]") {
  AssessmentInfo info;
  info.id = "custom.secrets-expire";
  info.pluginId = "custom";
  info.resourceType = "Microsoft.KeyVault/vaults";
  info.policy = Json::parse(kSecretsExpire);
  DeclarativeAssessment a(info, Json::object());
  REQUIRE_FALSE(a.unsupported());
  CHECK(a.targets("Microsoft.KeyVault/vaults"));

  // The data-plane-only rule of ARM property checks does not apply: the objects are the data.
  Json liveOnly = vault(Json::array({object("secrets", "s", Json::object())}));
  liveOnly["dataPlane"]["armDocument"] = false;
  auto judged = a.evaluate(liveOnly, Json::object(), nullptr);
  REQUIRE(judged);
  CHECK(judged->state == AssessmentState::Unhealthy);

  auto unread = a.evaluate(vault(Json::array(), false), Json::object(), nullptr);
  REQUIRE(unread);
  CHECK(unread->state == AssessmentState::NotApplicable);
  CHECK_THAT(unread->reason, Catch::Contains("was not read"));
}

TEST_CASE("the corpus's Key Vault built-ins on vaults with known dates",
          "[policy][keyvault][corpus]") {
  auto corpus = test::corpusDir();
  if (corpus.empty()) {
    BULWARK_SKIP("../shared/corpus is absent; skipping the Key Vault built-ins");
    return;
  }
  auto load = [&](const char* file) {
    auto path = corpus / "azure-policy" / "policyDefinitions" / "Key Vault" / file;
    return parseDefinition(Json::parse(test::readFile(path)), path.string());
  };

  PolicyDefinition expiration = load("Secrets_ExpirationSet.json");
  REQUIRE(expiration.mode == "Microsoft.KeyVault.Data");
  Json params = effectiveParameters(expiration, Json::object());
  REQUIRE_FALSE(unsupportedFeature(expiration, params));
  Json secrets = vault(Json::array({object("secrets", "with", {{"expiresOn", isoDaysFromNow(30)}}),
                                    object("secrets", "without", {{"enabled", true}})}));
  PolicyVerdict v = evaluateDefinition(expiration, params, secrets);
  CHECK(v.compliance == Compliance::NonCompliant);
  REQUIRE(v.evidence["failing"].size() == 1);
  CHECK(v.evidence["failing"][0]["name"] == "without");

  // Keys active longer than the limit: one created 400 days ago, one 10 days ago, limit 365.
  PolicyDefinition active = load("Keys_ActivePeriod.json");
  Json limit = effectiveParameters(active, {{"maximumValidityInDays", 365}});
  REQUIRE_FALSE(unsupportedFeature(active, limit));
  Json old = object("keys", "old", {{"createdOn", isoDaysFromNow(-400)}});
  Json fresh = object("keys", "fresh", {{"createdOn", isoDaysFromNow(-10)}});
  // notBefore, when set, counts instead of createdOn.
  Json lateStart = object("keys", "late",
                          {{"createdOn", isoDaysFromNow(-400)}, {"notBefore", isoDaysFromNow(-5)}});
  PolicyVerdict keys =
      evaluateDefinition(active, limit, vault(Json::array({old, fresh, lateStart})));
  CHECK(keys.compliance == Compliance::NonCompliant);
  CHECK(keys.evidence["objectsJudged"] == 3);
  REQUIRE(keys.evidence["failing"].size() == 1);
  CHECK(keys.evidence["failing"][0]["name"] == "old");
  CHECK(evaluateDefinition(active, limit, vault(Json::array({fresh, lateStart}))).compliance ==
        Compliance::Compliant);
}
