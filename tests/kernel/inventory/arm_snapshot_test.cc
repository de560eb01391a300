#include <catch2/catch.hpp>
#include <filesystem>
#include <map>
#include <set>

#include "inventory/arm_snapshot.h"
#include "support/test_support.h"

using namespace bulwark;
using bulwark::test::TempDir;
namespace fs = std::filesystem;

namespace {

const std::string kAccount =
    R"({"id":"/subscriptions/s1/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/a1",)"
    R"("name":"a1","type":"Microsoft.Storage/storageAccounts","properties":{}})";
const std::string kAccount2 =
    R"({"id":"/subscriptions/s2/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/a2",)"
    R"("name":"a2","type":"Microsoft.Storage/storageAccounts","properties":{}})";

// What a corpus example holds, read with plain JSON instead of the snapshot reader: the body
// of its first 200/201/202 response (or the file itself), and the resources in it (the body,
// or each member of its "value" list, with a type and an id inside a subscription, where the
// inventory keeps resources); anything else is a problem.
struct ExpectedContent {
  size_t resources = 0;
  size_t problems = 0;
};

ExpectedContent expectedContent(const fs::path& file) {
  const nlohmann::json doc = nlohmann::json::parse(test::readFile(file));
  nlohmann::json body = doc;
  if (doc.contains("responses")) {
    body = nullptr;
    for (const char* code : {"200", "201", "202"}) {
      const auto& responses = doc["responses"];
      if (responses.contains(code) && responses[code].contains("body")) {
        body = responses[code]["body"];
        break;
      }
    }
  }
  auto isResource = [](const nlohmann::json& v) {
    return v.is_object() && v.contains("id") && v["id"].is_string() &&
           v["id"].get<std::string>().rfind("/subscriptions/", 0) == 0 && v.contains("type") &&
           v["type"].is_string();
  };
  ExpectedContent out;
  if (isResource(body)) {
    out.resources = 1;
  } else if (body.is_object() && body.contains("value") && body["value"].is_array()) {
    for (const auto& item : body["value"])
      ++(isResource(item) ? out.resources : out.problems);
  } else {
    out.problems = 1;
  }
  return out;
}

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
    BULWARK_SKIP("../shared/corpus is absent; skipping the ARM example corpus test");
    return;
  }
  const fs::path examples = corpus / "arm-examples";
  SnapshotLoad load;
  readArmSnapshot(examples.string(), load);
  // The files are counted by find(1), not by the reader's own walk.
  test::RunResult found = test::runShell("find '" + examples.string() +
                                         "' -type f \\( -name '*.json' -o -name '*.jsonl' -o "
                                         "-name '*.ndjson' \\) | wc -l");
  REQUIRE(found.exitCode == 0);
  const size_t onDisk = std::stoul(found.out);
  CHECK(onDisk > 0);
  CHECK(load.filesRead == onDisk);

  std::map<std::string, size_t> documentsOf, problemsOf;
  for (const auto& d : load.documents)
    documentsOf[fs::path(d.file).filename().string()]++;
  for (const auto& p : load.problems)
    problemsOf[fs::path(p.file).filename().string()]++;
  size_t expectedDocuments = 0, expectedProblems = 0, examined = 0;
  for (const auto& e : fs::recursive_directory_iterator(examples)) {
    if (e.path().extension() != ".json") continue;
    ++examined;
    const std::string name = e.path().filename().string();
    ExpectedContent expected = expectedContent(e.path());
    INFO(name);
    CHECK(documentsOf[name] == expected.resources);
    CHECK(problemsOf[name] == expected.problems);
    expectedDocuments += expected.resources;
    expectedProblems += expected.problems;
  }
  CHECK(examined == onDisk);  // the expectation covers every file (none is JSON Lines)
  CHECK(load.documents.size() == expectedDocuments);
  CHECK(load.problems.size() == expectedProblems);

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
  // The instance-view example is a body without id: reported, not loaded.
  bool instanceViewReported = false;
  for (const auto& p : load.problems) {
    if (p.file.find("VirtualMachine_Get_InstanceView") != std::string::npos) {
      instanceViewReported = true;
      CHECK(p.place == "/responses/200/body");
    }
  }
  CHECK(instanceViewReported);
}
