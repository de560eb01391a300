#include <catch2/catch.hpp>
#include <set>

#include "inventory/arm_snapshot.h"
#include "support/test_support.h"

using namespace bulwark;
using bulwark::test::TempDir;

namespace {

const std::string kAccount =
    R"({"id":"/subscriptions/s1/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/a1",)"
    R"("name":"a1","type":"Microsoft.Storage/storageAccounts","properties":{}})";
const std::string kAccount2 =
    R"({"id":"/subscriptions/s2/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/a2",)"
    R"("name":"a2","type":"Microsoft.Storage/storageAccounts","properties":{}})";

SnapshotLoad readText(const std::string& text, bool jsonLines = false) {
  SnapshotLoad load;
  readArmSnapshotText(text, "input.json", jsonLines, load);
  return load;
}

std::set<std::string> names(const SnapshotLoad& load) {
  std::set<std::string> out;
  for (const auto& d : load.documents)
    out.insert(d.doc["name"].get<std::string>());
  return out;
}

}  // namespace

TEST_CASE("every input shape yields its resources", "[snapshot]") {
  const std::set<std::string> both = {"a1", "a2"};
  SECTION("Resource Graph") {
    CHECK(names(readText(R"({"totalRecords":2,"data":[)" + kAccount + "," + kAccount2 + "]}")) ==
          both);
  }
  SECTION("Resource Graph table form") {
    auto load = readText(
        R"({"data":{"columns":[{"name":"id","type":"string"},{"name":"name","type":"string"},)"
        R"({"name":"type","type":"string"}],"rows":[["/subscriptions/s1/resourceGroups/g/providers/)"
        R"(Microsoft.Storage/storageAccounts/a1","a1","Microsoft.Storage/storageAccounts"]]}})");
    CHECK(names(load) == std::set<std::string>{"a1"});
    CHECK(load.problems.empty());
  }
  SECTION("list response") {
    CHECK(names(readText(R"({"value":[)" + kAccount + "," + kAccount2 + R"(],"nextLink":null})")) ==
          both);
  }
  SECTION("single GET body") {
    CHECK(names(readText(kAccount)) == std::set<std::string>{"a1"});
  }
  SECTION("REST example with a list body") {
    CHECK(names(readText(R"({"parameters":{"api-version":"2023-01-01"},"responses":{"200":)"
                         R"({"body":{"value":[)" +
                         kAccount + "," + kAccount2 + "]}}}}")) == both);
  }
  SECTION("plain array") {
    CHECK(names(readText("[" + kAccount + "," + kAccount2 + "]")) == both);
  }
  SECTION("JSON Lines") {
    CHECK(names(readText(kAccount + "\n\n" + kAccount2 + "\n", true)) == both);
  }
  SECTION("JSON Lines saved as .json") {
    auto load = readText(kAccount + "\n" + kAccount2 + "\n");
    CHECK(names(load) == both);
    CHECK(load.problems.empty());
  }
}

TEST_CASE("truncated JSON is reported with its byte offset", "[snapshot]") {
  std::string text = R"({"value":[)" + kAccount + ",\n" + kAccount2.substr(0, 40);
  auto load = readText(text);
  CHECK(load.documents.empty());
  REQUIRE(load.problems.size() == 1);
  CHECK(load.problems[0].file == "input.json");
  CHECK_THAT(load.problems[0].place, Catch::StartsWith("byte " + std::to_string(text.size())));
  CHECK_THAT(load.problems[0].place, Catch::Contains("line 2"));
  CHECK_THAT(load.problems[0].message, Catch::Contains("invalid JSON"));
}

TEST_CASE("a bad JSON Lines line is reported and the others load", "[snapshot]") {
  auto load = readText(kAccount + "\n{\"id\": garbage\n" + kAccount2 + "\n", true);
  CHECK(names(load) == std::set<std::string>{"a1", "a2"});
  REQUIRE(load.problems.size() == 1);
  CHECK_THAT(load.problems[0].place, Catch::StartsWith("line 2"));
}

TEST_CASE("documents that are not resources are named by their place", "[snapshot]") {
  auto load = readText(R"({"value":[{"name":"no id"},)" + kAccount +
                       R"(,{"id":"not-an-arm-id","type":"x"},42]})");
  CHECK(names(load) == std::set<std::string>{"a1"});
  REQUIRE(load.problems.size() == 3);
  CHECK(load.problems[0].place == "/value/0");
  CHECK(load.problems[1].place == "/value/2");
  CHECK(load.problems[2].place == "/value/3");
  CHECK_FALSE(readText("\"just a string\"").problems.empty());
  CHECK_FALSE(readText(R"({"unrelated":true})").problems.empty());
}

TEST_CASE("a folder loads recursively and a broken file spoils nothing else", "[snapshot]") {
  TempDir dir;
  test::writeFile(dir / "a" / "good.json", "[" + kAccount + "]");
  test::writeFile(dir / "a" / "b" / "also.jsonl", kAccount2 + "\n");
  test::writeFile(dir / "broken.json", "{\"value\": [" + kAccount.substr(0, 30));
  test::writeFile(dir / "garbage.json", std::string("\x00\xff\xfe garbage", 12));
  test::writeFile(dir / "README.md", "not read");
  SnapshotLoad load;
  readArmSnapshot(dir.path().string(), load);
  CHECK(load.filesRead == 4);
  CHECK(names(load) == std::set<std::string>{"a1", "a2"});
  REQUIRE(load.problems.size() == 2);
  for (const auto& p : load.problems) {
    CHECK_THAT(p.str(), Catch::Contains("byte ") && Catch::Contains("invalid JSON"));
  }
  SnapshotLoad missing;
  readArmSnapshot((dir / "nope").string(), missing);
  REQUIRE(missing.problems.size() == 1);
  CHECK_THAT(missing.problems[0].message, Catch::Contains("no such file"));
}

TEST_CASE("the real ARM examples of the corpus load", "[snapshot][corpus]") {
  auto corpus = test::corpusDir();
  if (corpus.empty()) {
    WARN("../shared/corpus is absent; skipping the ARM example corpus test");
    return;
  }
  SnapshotLoad load;
  readArmSnapshot((corpus / "arm-examples").string(), load);
  CHECK(load.filesRead == 20);
  std::set<std::string> types;
  for (const auto& d : load.documents)
    types.insert(d.doc["type"].get<std::string>());
  for (const char* t :
       {"Microsoft.Compute/virtualMachines", "Microsoft.Network/networkSecurityGroups",
        "Microsoft.Storage/storageAccounts", "Microsoft.Storage/storageAccounts/blobServices",
        "Microsoft.Sql/servers", "Microsoft.Sql/servers/auditingSettings", "Microsoft.Web/sites",
        "Microsoft.Web/sites/config", "Microsoft.ContainerRegistry/registries",
        "Microsoft.ContainerService/managedClusters"}) {
    INFO(t);
    CHECK(types.count(t) == 1);
  }
  // StorageAccountList holds six accounts; every other file one resource.
  CHECK(load.documents.size() == 24);
  // The instance-view example is a body without id: reported, not loaded.
  REQUIRE(load.problems.size() == 1);
  CHECK_THAT(load.problems[0].file, Catch::Contains("VirtualMachine_Get_InstanceView"));
  CHECK(load.problems[0].place == "/responses/200/body");
}
