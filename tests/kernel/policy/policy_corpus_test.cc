// The engine on every real built-in definition of the corpus: how many it supports, and that
// every supported one evaluates on the real ARM examples without error. The corpus grows, so
// its sizes are counted here by other tools (find, jq), never written down.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>

#include "inventory/arm_snapshot.h"
#include "inventory/inventory.h"
#include "policy/policy_definition.h"
#include "policy/policy_error.h"
#include "support/test_support.h"

using namespace bulwark;
using namespace bulwark::policy;

namespace {

// Values for parameters without a default, as an operator would supply at assignment.
Json assignmentValues(const PolicyDefinition& def) {
  Json values = Json::object();
  for (auto it = def.parameters.begin(); it != def.parameters.end(); ++it) {
    if (it.value().contains("defaultValue")) continue;
    const Json& decl = it.value();
    if (decl.contains("allowedValues") && !decl["allowedValues"].empty()) {
      values[it.key()] = decl["allowedValues"][0];
      continue;
    }
    std::string type = decl.value("type", std::string("string"));
    if (type == "array" || type == "Array") {
      values[it.key()] = Json::array();
    } else if (type == "integer" || type == "Integer") {
      values[it.key()] = 0;
    } else if (type == "boolean" || type == "Boolean") {
      values[it.key()] = false;
    } else if (type == "object" || type == "Object") {
      values[it.key()] = Json::object();
    } else {
      values[it.key()] = "";
    }
  }
  return values;
}

// A count printed by a shell pipeline; nullopt when the pipeline fails (jq missing, say).
std::optional<size_t> countFromShell(const std::string& pipeline) {
  test::RunResult r = test::runShell(pipeline);
  if (r.exitCode != 0 || r.out.empty()) return std::nullopt;
  return std::stoul(r.out);
}

}  // namespace

TEST_CASE("the engine supports the real built-in definitions", "[policy][corpus]") {
  auto corpus = test::corpusDir();
  if (corpus.empty()) {
    BULWARK_SKIP("../shared/corpus is absent; skipping the built-in definitions test");
    return;
  }
  const std::filesystem::path definitions = corpus / "azure-policy" / "policyDefinitions";
  std::vector<std::filesystem::path> files;
  for (auto& e : std::filesystem::recursive_directory_iterator(definitions)) {
    if (e.path().extension() == ".json") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  const std::string findDefinitions = "find '" + definitions.string() + "' -type f -name '*.json'";
  auto onDisk = countFromShell(findDefinitions + " | wc -l");
  REQUIRE(onDisk);
  CHECK(*onDisk > 0);
  CHECK(files.size() == *onDisk);
  // The denominator, by jq from the raw JSON: neither metadata.deprecated true nor a Kubernetes
  // mode. Kubernetes definitions run Gatekeeper templates, outside any ARM document.
  auto expectedConsidered = countFromShell(
      findDefinitions +
      " -exec jq -r 'if (.properties.metadata.deprecated == true) or ((.properties.mode // \"\") "
      "| ascii_downcase | contains(\"kubernetes\")) then \"out\" else \"in\" end' {} + | "
      "grep -c '^in$'");
  if (!expectedConsidered)
    BULWARK_SKIP("jq is not available: the denominator is not cross-checked");

  SnapshotLoad load;
  readArmSnapshot((corpus / "arm-examples").string(), load);
  std::vector<SnapshotProblem> problems;
  Inventory inventory;
  inventory.add(load, problems);
  inventory.link();
  std::vector<Json> resources;
  for (size_t i = 0; i < inventory.resources().size(); ++i) {
    if (!inventory.resources()[i].hasParent) resources.push_back(inventory.withChildren(i));
  }

  size_t parsed = 0, considered = 0, supported = 0, verdicts = 0, nonCompliant = 0;
  std::map<std::string, size_t> reasons;
  for (const auto& f : files) {
    std::ifstream in(f);
    Json doc = Json::parse(in);
    PolicyDefinition def = parseDefinition(doc, f.string());
    ++parsed;
    if (def.deprecated || def.isKubernetes()) continue;
    ++considered;
    Json params = effectiveParameters(def, assignmentValues(def));
    if (auto feature = unsupportedFeature(def, params)) {
      reasons[*feature]++;
      continue;
    }
    ++supported;
    for (const Json& r : resources) {
      INFO(f.filename().string() << " on " << r.value("id", std::string{}));
      PolicyVerdict v;
      REQUIRE_NOTHROW(v = evaluateDefinition(def, params, r));
      if (v.compliance == Compliance::Compliant || v.compliance == Compliance::NonCompliant) {
        ++verdicts;
      }
      if (v.compliance == Compliance::NonCompliant) ++nonCompliant;
    }
  }
  CHECK(parsed == files.size());
  if (expectedConsidered) CHECK(considered == *expectedConsidered);
  REQUIRE(considered > 0);
  double share = 100.0 * supported / considered;
  std::string summary = std::to_string(supported) + " of " + std::to_string(considered) +
                        " non-deprecated, non-Kubernetes definitions supported (" +
                        std::to_string(share) + "%); " + std::to_string(verdicts) +
                        " verdicts on the ARM examples, " + std::to_string(nonCompliant) +
                        " non-compliant";
  WARN(summary);
  for (const auto& [reason, n] : reasons)
    WARN("unsupported: " << reason << " x" << n);
  CHECK(share >= 90.0);
  CHECK(verdicts > 100);
}
