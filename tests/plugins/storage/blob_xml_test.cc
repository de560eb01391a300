// The Blob service's XML responses read into ARM shapes, and what garbage does to them.
#include <catch2/catch.hpp>

#include "live/blob_xml.h"

using namespace bulwark::storage::live;

namespace {

// Shapes as documented for "List Containers" (REST API version 2021-12-02).
const char* kList = R"(<?xml version="1.0" encoding="utf-8"?>
<EnumerationResults ServiceEndpoint="https://acct.blob.core.windows.net/">
  <Containers>
    <Container>
      <Name>web</Name>
      <Properties>
        <Last-Modified>Wed, 26 Oct 2016 20:39:39 GMT</Last-Modified>
        <Etag>0x8D3F2E1A9D14700</Etag>
        <LeaseStatus>unlocked</LeaseStatus>
        <LeaseState>available</LeaseState>
        <PublicAccess>container</PublicAccess>
        <HasImmutabilityPolicy>false</HasImmutabilityPolicy>
        <HasLegalHold>true</HasLegalHold>
      </Properties>
      <Metadata><owner>web-team</owner></Metadata>
    </Container>
    <Container>
      <Name>private</Name>
      <Properties><LeaseStatus>locked</LeaseStatus></Properties>
    </Container>
  </Containers>
  <NextMarker>page2</NextMarker>
</EnumerationResults>)";

const char* kServiceProperties =
    "\xEF\xBB\xBF"
    R"(<?xml version="1.0" encoding="utf-8"?>
<StorageServiceProperties>
  <Logging><Version>1.0</Version><Read>true</Read><Write>false</Write><Delete>true</Delete>
    <RetentionPolicy><Enabled>true</Enabled><Days>7</Days></RetentionPolicy></Logging>
  <HourMetrics><Version>1.0</Version><Enabled>false</Enabled>
    <RetentionPolicy><Enabled>false</Enabled></RetentionPolicy></HourMetrics>
  <Cors>
    <CorsRule><AllowedOrigins>*</AllowedOrigins><AllowedMethods>GET,PUT</AllowedMethods>
      <MaxAgeInSeconds>500</MaxAgeInSeconds><ExposedHeaders>x-ms-meta-*</ExposedHeaders>
      <AllowedHeaders>x-ms-meta-data*, x-ms-meta-target*</AllowedHeaders></CorsRule>
  </Cors>
  <DefaultServiceVersion>2021-12-02</DefaultServiceVersion>
  <DeleteRetentionPolicy><Enabled>true</Enabled><Days>5</Days>
    <AllowPermanentDelete>false</AllowPermanentDelete></DeleteRetentionPolicy>
  <StaticWebsite><Enabled>false</Enabled></StaticWebsite>
</StorageServiceProperties>)";

}  // namespace

TEST_CASE("List Containers becomes ARM container properties", "[storage][xml]") {
  ContainerPage page = parseContainerList(kList);
  REQUIRE(page.containers.size() == 2);
  CHECK(page.nextMarker == "page2");
  const auto& web = page.containers[0];
  CHECK(web.name == "web");
  CHECK(web.etag == "0x8D3F2E1A9D14700");
  CHECK(web.properties["publicAccess"] == "Container");
  CHECK(web.properties["leaseStatus"] == "Unlocked");
  CHECK(web.properties["leaseState"] == "Available");
  CHECK(web.properties["lastModifiedTime"] == "2016-10-26T20:39:39Z");
  CHECK(web.properties["hasLegalHold"] == true);
  CHECK(web.properties["metadata"]["owner"] == "web-team");
  CHECK(page.containers[1].properties["publicAccess"] == "None");
  CHECK(page.containers[1].properties["leaseStatus"] == "Locked");
}

TEST_CASE("service properties become ARM blobServices properties", "[storage][xml]") {
  nlohmann::json p = parseServiceProperties(kServiceProperties);
  REQUIRE(p["cors"]["corsRules"].size() == 1);
  const auto& rule = p["cors"]["corsRules"][0];
  CHECK(rule["allowedOrigins"] == nlohmann::json::array({"*"}));
  CHECK(rule["allowedMethods"] == nlohmann::json::array({"GET", "PUT"}));
  CHECK(rule["allowedHeaders"] == nlohmann::json::array({"x-ms-meta-data*", "x-ms-meta-target*"}));
  CHECK(rule["maxAgeInSeconds"] == 500);
  CHECK(p["deleteRetentionPolicy"] ==
        nlohmann::json({{"enabled", true}, {"days", 5}, {"allowPermanentDelete", false}}));
  CHECK(p["logging"]["read"] == true);
  CHECK(p["logging"]["write"] == false);
  CHECK(p["logging"]["retentionPolicy"]["days"] == 7);
  CHECK(p["defaultServiceVersion"] == "2021-12-02");
  CHECK_FALSE(p.contains("isVersioningEnabled"));
  CHECK(p["staticWebsite"]["enabled"] == false);
}

TEST_CASE("garbage XML gives an error naming the response and the place", "[storage][xml]") {
  std::string truncated = std::string(kList).substr(0, 300);
  try {
    parseContainerList(truncated);
    FAIL("expected an exception");
  } catch (const std::runtime_error& e) {
    CHECK_THAT(e.what(), Catch::Contains("malformed XML in the List Containers response"));
    CHECK_THAT(e.what(), Catch::Contains("line"));
  }
  CHECK_THROWS_WITH(parseServiceProperties(""), Catch::Contains("malformed XML"));
  CHECK_THROWS_WITH(parseServiceProperties("\x01\x02garbage\xff"), Catch::Contains("malformed"));
  CHECK_THROWS_WITH(parseContainerList("<html><body>proxy login</body></html>"),
                    Catch::Contains("root is <html>"));
  CHECK_THROWS_WITH(
      parseServiceProperties("<StorageServiceProperties><Logging><Read>maybe</Read></Logging>"
                             "</StorageServiceProperties>"),
      Catch::Contains("<Read> is 'maybe'"));
  CHECK_THROWS_WITH(parseContainerList("<EnumerationResults><Containers><Container><Properties/>"
                                       "</Container></Containers></EnumerationResults>"),
                    Catch::Contains("without a <Name>"));
}

TEST_CASE("entity expansion and external entities are not followed", "[storage][xml]") {
  std::string bomb = "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\">";
  char prev = 'a';
  for (char c = 'b'; c <= 'k'; ++c, ++prev) {
    bomb += std::string("<!ENTITY ") + c + " \"";
    for (int i = 0; i < 10; ++i)
      bomb += std::string("&") + prev + ";";
    bomb += "\">";
  }
  bomb += "]><EnumerationResults><NextMarker>&k;</NextMarker></EnumerationResults>";
  // Expat refuses the amplification; either way the call returns promptly without 10 GB.
  try {
    ContainerPage p = parseContainerList(bomb);
    CHECK(p.nextMarker.size() < 1000000);
  } catch (const std::runtime_error& e) {
    CHECK_THAT(e.what(), Catch::Contains("malformed XML"));
  }
  std::string external =
      "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
      "<EnumerationResults><NextMarker>&x;</NextMarker></EnumerationResults>";
  try {
    ContainerPage p = parseContainerList(external);
    CHECK(p.nextMarker.find("root:") == std::string::npos);
  } catch (const std::runtime_error&) {
    SUCCEED("refused");
  }
}

TEST_CASE("service errors and header values are read leniently", "[storage][xml]") {
  ServiceError e = parseServiceError(
      "<?xml version=\"1.0\"?><Error><Code>AuthenticationFailed</Code><Message>Server failed "
      "to authenticate the request.\nRequestId:1</Message></Error>");
  CHECK(e.code == "AuthenticationFailed");
  CHECK_THAT(e.message, Catch::StartsWith("Server failed"));
  CHECK(parseServiceError("<Error><Code>x").code.empty());
  CHECK(parseServiceError("not xml at all").code.empty());
  CHECK(armPublicAccess("container") == "Container");
  CHECK(armPublicAccess("BLOB") == "Blob");
  CHECK(armPublicAccess("") == "None");
  CHECK(countSignedIdentifiers("") == 0);
  CHECK(countSignedIdentifiers("<SignedIdentifiers><SignedIdentifier><Id>a</Id>"
                               "</SignedIdentifier></SignedIdentifiers>") == 1);
}
