// Bad input: not YAML, unrendered Helm templates, empty documents, unknown kinds, scalars, a
// missing file. Each gets a message naming the file, line and document; the rest is assessed.
#include <catch2/catch.hpp>

#include "k8s_scan.h"
#include "kubernetes/manifest_reader.h"

using namespace bulwark;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const std::string kCluster = test::k8s::kSubscription + "bad";

const char* kPod = R"(apiVersion: v1
kind: Pod
metadata: {name: ok, namespace: apps}
spec:
  containers:
  - {name: app, image: "nginx:1.25", securityContext: {privileged: true}}
)";

}  // namespace

TEST_CASE(
    "kubernetes: bad input is reported with file, line and document, and the rest is assessed") {
  test::TempDir dir;
  test::writeFile(dir / "m" / "a-notyaml.yaml", "key: [unclosed\nother: {\n");
  test::writeFile(dir / "m" / "b-helm.yaml",
                  std::string(kPod) +
                      "---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Release.Name }}\n");
  test::writeFile(dir / "m" / "c-empty.yaml", "---\n" + std::string(kPod) +
                                                  "---\n# nothing here\n---\nkind: Widget\n"
                                                  "metadata: {name: w}\n---\njust some words\n");
  test::writeFile(dir / "m" / "d-badjson.json", "{\"kind\": \"List\", \"items\": [");
  test::writeFile(dir / "m" / "e-nokind.yaml", "metadata: {name: x}\n");
  test::writeFile(dir / "m" / "README.txt", "not read: not a manifest extension");
  auto scan = test::k8s::scanKubernetes(
      dir, {{"clusters",
             {{{"id", kCluster},
               {"manifests", {(dir / "m").string(), (dir / "missing.yaml").string()}}}}}});
  INFO(scan.err);
  REQUIRE(scan.exitCode == 0);
  std::string m = (dir / "m").string();
  CHECK_THAT(scan.err, Catch::Contains(m + "/a-notyaml.yaml:") &&
                           Catch::Contains("(document 1): not valid YAML"));
  CHECK_THAT(scan.err,
             Catch::Contains(m + "/b-helm.yaml:11 (document 2): unrendered Helm template"));
  CHECK_THAT(scan.err, Catch::Contains(m + "/c-empty.yaml:8 (document 2): empty document"));
  CHECK_THAT(scan.err,
             Catch::Contains(m + "/c-empty.yaml:10 (document 3): kind Widget is not assessed"));
  CHECK_THAT(scan.err, Catch::Contains(m + "/c-empty.yaml:13 (document 4): not a Kubernetes "
                                           "object (a YAML scalar)"));
  CHECK_THAT(scan.err,
             Catch::Contains(m + "/d-badjson.json:") && Catch::Contains("not valid JSON"));
  CHECK_THAT(scan.err, Catch::Contains(m + "/e-nokind.yaml:1 (document 1): document has no kind"));
  CHECK_THAT(scan.err, Catch::Contains((dir / "missing.yaml").string() + ": cannot read"));
  CHECK(scan.err.find("README.txt") == std::string::npos);
  // The good Pods of b-helm.yaml and c-empty.yaml are still assessed (the same name: the
  // second is reported as a redefinition).
  REQUIRE(scan.states.count(kCluster + "/namespaces/apps/pods/ok") == 1);
  CHECK(scan.states.at(kCluster + "/namespaces/apps/pods/ok").at("containers.k8s-privileged") ==
        "Unhealthy");
  CHECK_THAT(scan.err,
             Catch::Contains(m + "/c-empty.yaml:1 (document 1): Pod ok is defined again"));
  CHECK(scan.states.size() == 1);
}

TEST_CASE("kubernetes: the reader splits documents and keeps their lines") {
  containers::k8s::ManifestRead read;
  containers::k8s::readManifestText(
      "f.yaml",
      "# Source: chart/x.yaml\n---\nkind: Pod\nmetadata: {name: a}\n--- \nkind: Role\n"
      "metadata: {name: b}\n...\nignored: after the end marker\n---\n",
      read);
  REQUIRE(read.objects.size() == 2);
  CHECK(read.objects[0].document == 1);
  CHECK(read.objects[0].line == 2);
  CHECK(read.objects[1].document == 2);
  CHECK(read.objects[1].line == 5);
  CHECK(read.objects[1].doc["kind"] == "Role");
  CHECK(read.notes.empty());
  containers::k8s::ManifestRead bad;
  containers::k8s::readManifestText("g.yaml", "kind: Pod\nspec:\n  a: b\n   c: d\n", bad);
  REQUIRE(bad.notes.size() == 1);
  CHECK(bad.notes[0].line == 4);
  CHECK(bad.objects.empty());
}

TEST_CASE("kubernetes: malformed settings are refused before the scan") {
  test::TempDir dir;
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"({"kubernetes": {"clusters": [{"id": "not-an-arm-id", "manifests": ["x"]}]}})",
       "kubernetes"},
      {R"({"kubernetes": {"clusters": [{"id": ")" + kCluster + R"("}]}})", "manifests"},
      {R"({"kubernetes": {"clusters": [{"id": ")" + kCluster +
           R"(", "manifests": ["x"], "context": "prod"}]}})",
       "unknown setting 'context'"}};
  for (const auto& entry : cases) {
    INFO(entry.first);
    fs::path config = test::writeConfig(dir, {{"containers", entry.first}}, {});
    auto v = test::runBulwark({"config", "validate", config.string()});
    CHECK(v.exitCode == 2);
    CHECK_THAT(v.out + v.err, Catch::Contains(entry.second));
  }
}
