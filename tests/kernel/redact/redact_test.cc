#include <catch2/catch.hpp>

#include "redact/redact.h"

using bulwark::redactJson;
using bulwark::redactText;
using nlohmann::json;

TEST_CASE("secret members are replaced, look-alike settings kept", "[redact]") {
  json doc = json::parse(R"({
    "properties": {
      "storageAccountAccessKey": "c2FtcGxlLWtleQ==",
      "administratorLoginPassword": "hunter2",
      "keySource": "Microsoft.Storage",
      "keyCreationTime": {"key1": "2024-01-01T00:00:00Z"},
      "isStorageSecondaryKeyInUse": false,
      "keys": [{"keyName": "key1", "value": "AAAA", "permissions": "FULL"}],
      "siteConfig": {"connectionStrings": [{"name": "db", "connectionString": "Server=x;Password=p"}]},
      "value": "kept outside a keys list"
    }})");
  json out = redactJson(doc);
  const json& p = out["properties"];
  CHECK(p["storageAccountAccessKey"] == "[REDACTED]");
  CHECK(p["administratorLoginPassword"] == "[REDACTED]");
  CHECK(p["keySource"] == "Microsoft.Storage");
  CHECK(p["keyCreationTime"]["key1"] == "2024-01-01T00:00:00Z");
  CHECK(p["isStorageSecondaryKeyInUse"] == false);
  CHECK(p["keys"][0]["value"] == "[REDACTED]");
  CHECK(p["keys"][0]["keyName"] == "key1");
  CHECK(p["siteConfig"]["connectionStrings"][0]["connectionString"] == "[REDACTED]");
  CHECK(p["value"] == "kept outside a keys list");
  CHECK(out.dump().find("hunter2") == std::string::npos);
  CHECK(out.dump().find("c2FtcGxlLWtleQ") == std::string::npos);
}

TEST_CASE("secrets inside free text are replaced", "[redact]") {
  std::string s = redactText(
      "DefaultEndpointsProtocol=https;AccountName=a;AccountKey=Zm9vYmFy+/==;EndpointSuffix=x");
  CHECK(s.find("Zm9vYmFy") == std::string::npos);
  CHECK(s.find("AccountName=a") != std::string::npos);
  CHECK(redactText("https://a.blob.core.windows.net/c?sv=2022&sig=abc%2Fdef&se=1")
            .find("abc%2Fdef") == std::string::npos);
  CHECK(redactText("Authorization: Bearer eyJhbGciOi.J9.x").find("eyJhbG") == std::string::npos);
  CHECK(redactText("nothing secret here") == "nothing secret here");
}
