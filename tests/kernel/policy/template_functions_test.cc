// base64(), base64ToString() and uniqueString() against outputs published elsewhere: the ARM
// documentation's example, coreutils, and uniqueString values that ARM itself produced.
#include <catch2/catch.hpp>

#include "policy/expression.h"
#include "policy/policy_error.h"
#include "policy/unique_string.h"
#include "support/test_support.h"

using namespace bulwark::policy;

namespace {

Json eval(const std::string& expression, const Json& parameters = Json::object()) {
  ExpressionContext ctx;
  ctx.parameters = &parameters;
  return evaluate(Json(expression), ctx);
}

std::string armLiteral(const std::string& text) {
  std::string out = "'";
  for (char c : text)
    out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

}  // namespace

TEST_CASE("base64 and base64ToString give the ARM documentation's outputs", "[policy][functions]") {
  // learn.microsoft.com, "String functions for ARM templates", base64 example.
  CHECK(eval("[base64('one, two, three')]") == "b25lLCB0d28sIHRocmVl");
  CHECK(eval("[base64ToString('b25lLCB0d28sIHRocmVl')]") == "one, two, three");
  CHECK(eval("[base64ToString(base64(parameters('p')))]", {{"p", "round trip"}}) == "round trip");
  CHECK(isSupportedFunction("Base64"));
  CHECK(isSupportedFunction("base64ToString"));
}

TEST_CASE("base64 agrees with coreutils on every padding length and on UTF-8",
          "[policy][functions]") {
  // Guest Configuration definitions compare parameterHash with base64 of such a text.
  for (const std::string text :
       {"", "a", "ab", "abc", "abcd", "[SecureWebServer]s1;MinimumTLSVersion=1.2",
        "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x94\x91", "quote ' and \"double\""}) {
    INFO(text);
    std::string expected = bulwark::test::coreutilsBase64(text);
    CHECK(eval("[base64(" + armLiteral(text) + ")]") == expected);
    CHECK(eval("[base64ToString(" + armLiteral(expected) + ")]") == text);
  }
}

TEST_CASE("base64 functions reject bad arguments with a message", "[policy][functions]") {
  CHECK_THROWS_WITH(eval("[base64()]"), Catch::Contains("base64() takes 1"));
  CHECK_THROWS_WITH(eval("[base64('a', 'b')]"), Catch::Contains("base64() takes 1"));
  CHECK_THROWS_WITH(eval("[base64(12)]"), Catch::Contains("base64() takes a string, got 12"));
  CHECK_THROWS_WITH(eval("[base64ToString(createArray('a'))]"), Catch::Contains("takes a string"));
  for (const char* bad : {"not base64!", "QQ=", "QQ=A", "Q===", "=QQQ"}) {
    INFO(bad);
    CHECK_THROWS_AS(eval("[base64ToString('" + std::string(bad) + "')]"), PolicyError);
  }
  CHECK_THROWS_WITH(eval("[base64ToString('bad*')]"), Catch::Contains("'bad*' is not base64"));
  // 0xff alone is not UTF-8: no JSON text could carry the result.
  CHECK_THROWS_WITH(eval("[base64ToString('/w==')]"), Catch::Contains("not decode to UTF-8"));
}

TEST_CASE("uniqueString gives the values ARM gave", "[policy][functions]") {
  // "test": Azure.Deployments.Expression (ARM's own evaluator) as run by a local tool, and the
  // arm2tf Terraform provider's tests. 4 bytes: the tail alone.
  CHECK(eval("[uniqueString('test')]") == "rbgf3xv4ufgzg");
  // arm2tf's multi-value test: "test-test2-test3", 16 bytes, two whole blocks.
  CHECK(eval("[uniqueString('test', 'test2', 'test3')]") == "bqgd334z2uj64");
  // microsoft/commercial-marketplace-offer-deploy, tests/UnitTests/ArmFunctionsTests.cs: the value
  // an ARM template output for this VM id (through Azure.Deployments.Expression). A 6-byte tail
  // exercises the second lane.
  CHECK(eval("[uniqueString('/subscriptions/31e9f9a0-9fd2-4294-a0a3-0101246d9700/resourceGroups/"
             "rg-modm201-20230913120256/providers/Microsoft.Compute/virtualMachines/"
             "bobjacmodm201')]") == "yvjxno3je5on2");
  // A 3-byte tail: the self-test of a shell port checked against Bicep by its author.
  CHECK(eval("[uniqueString('hello', 'world')]") == "a7wkljktk6wne");
  CHECK(uniqueString({"hello", "world"}) == uniqueString({"hello-world"}));
}

TEST_CASE("uniqueString is 13 base32 characters and depends on every byte", "[policy][functions]") {
  std::string previous;
  for (const std::string text : {"", "a", "A", "caf\xc3\xa9", "0123456", "01234567", "012345678"}) {
    INFO(text);
    Json v = eval("[uniqueString(" + armLiteral(text) + ")]");
    REQUIRE(v.is_string());
    std::string s = v.get<std::string>();
    CHECK(s.size() == 13);
    CHECK(s.find_first_not_of("abcdefghijklmnopqrstuvwxyz234567") == std::string::npos);
    CHECK(s != previous);
    previous = s;
  }
}

TEST_CASE("uniqueString rejects what ARM rejects", "[policy][functions]") {
  CHECK_THROWS_WITH(eval("[uniqueString()]"), Catch::Contains("at least 1 argument"));
  CHECK_THROWS_WITH(eval("[uniqueString(1)]"), Catch::Contains("takes strings, got 1"));
  CHECK_THROWS_WITH(eval("[uniqueString('a', createArray('b'))]"),
                    Catch::Contains("takes strings, got [\"b\"]"));
  CHECK_THROWS_WITH(eval("[uniqueString(parameters('p'))]", {{"p", nullptr}}),
                    Catch::Contains("takes strings, got null"));
}
