// Shared Key signing: the string-to-sign layout of Microsoft's "Authorize with Shared Key"
// documentation and HMAC-SHA256 against RFC 4231. Azurite checks real signatures end to end
// in live_azurite_test.cc.
#include <catch2/catch.hpp>

#include "live/shared_key.h"

using namespace bulwark::storage::live;

TEST_CASE("the string-to-sign follows the documented Blob service layout", "[storage][sharedkey]") {
  SignableRequest r;
  r.method = "GET";
  r.path = "/devstoreaccount1/mycontainer";
  r.query = {{"restype", "container"}, {"comp", "acl"}};
  r.headers = {{"x-ms-version", "2021-12-02"},
               {"X-MS-Date", "Sun, 29 Nov 2026 01:00:00 GMT"},
               {"x-ms-meta-Note", "  two   words  "}};
  std::string expected =
      "GET\n"
      "\n\n\n\n\n\n\n\n\n\n\n"  // 11 standard headers, all empty
      "x-ms-date:Sun, 29 Nov 2026 01:00:00 GMT\n"
      "x-ms-meta-note:two words\n"
      "x-ms-version:2021-12-02\n"
      "/devstoreaccount1/devstoreaccount1/mycontainer\n"
      "comp:acl\n"
      "restype:container";
  CHECK(stringToSign(r, "devstoreaccount1") == expected);
}

TEST_CASE("a zero Content-Length is signed empty and other standard headers keep their place",
          "[storage][sharedkey]") {
  SignableRequest put;
  put.method = "PUT";
  put.path = "/c";
  put.headers = {{"Content-Length", "0"}, {"x-ms-version", "2021-12-02"}};
  CHECK(stringToSign(put, "acct") == "PUT\n\n\n\n\n\n\n\n\n\n\n\nx-ms-version:2021-12-02\n/acct/c");

  SignableRequest body = put;
  body.headers = {{"Content-Type", "application/xml"}, {"Content-Length", "42"}, {"Range", "r"}};
  CHECK(stringToSign(body, "acct") == "PUT\n\n\n42\n\napplication/xml\n\n\n\n\n\nr\n/acct/c");
}

TEST_CASE("query parameters are lower-cased, sorted and multi-valued ones joined",
          "[storage][sharedkey]") {
  SignableRequest r;
  r.method = "GET";
  r.path = "";
  r.query = {{"Include", "metadata"}, {"comp", "list"}, {"include", "deleted"}};
  CHECK(stringToSign(r, "a") ==
        "GET\n\n\n\n\n\n\n\n\n\n\n\n/a/\ncomp:list\ninclude:deleted,metadata");
}

TEST_CASE("the signature is HMAC-SHA256 with the decoded key (RFC 4231 case 2)",
          "[storage][sharedkey]") {
  CHECK(base64Encode("Jefe") == "SmVmZQ==");
  CHECK(signature("what do ya want for nothing?", "SmVmZQ==") ==
        "W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM=");
  SignableRequest r{"GET", "/", {}, {}};
  CHECK_THAT(authorizationHeader(r, "acct", "SmVmZQ=="), Catch::StartsWith("SharedKey acct:"));
}

TEST_CASE("a key that is not base64 is refused without echoing it", "[storage][sharedkey]") {
  try {
    signature("text", "not*base64!secretish");
    FAIL("expected an exception");
  } catch (const std::invalid_argument& e) {
    CHECK_THAT(e.what(), Catch::Contains("not valid base64"));
    CHECK_THAT(e.what(), !Catch::Contains("secretish"));
  }
  CHECK_THROWS_AS(signature("text", ""), std::invalid_argument);
}
