// The storage plugin's checks on real ARM examples and on edge cases of the property values.
#include <catch2/catch.hpp>

#include "loader/plugin_instance.h"
#include "loader/plugin_loader.h"
#include "policy/declarative_assessment.h"
#include "scan/scan_runner.h"
#include "support/test_support.h"

using namespace bulwark;
using bulwark::test::TempDir;

namespace {

// Runs the storage plugin's assessments as a scan would: native ones through the plugin,
// declarative ones (Azure Policy definitions in its manifest) through the kernel's engine.
class StoragePlugin {
 public:
  explicit StoragePlugin(nlohmann::json settings = nlohmann::json::object()) : settings_(settings) {
    LoadResult r = loadPlugins({test::pluginDir().string()}, {"storage"});
    REQUIRE(r.plugins.size() == 1);
    plugin_ = r.plugins[0];
    instance_ = std::make_unique<PluginInstance>(plugin_, settings, HostBindings{});
    REQUIRE(instance_->valid());
  }
  bool isDeclarative(const std::string& id) const { return !info(id).policy.is_null(); }
  AssessOutcome assess(const std::string& id, const nlohmann::json& properties,
                       nlohmann::json children = nullptr) {
    nlohmann::json doc = {
        {"id", "/subscriptions/s/resourceGroups/g/providers/Microsoft.Storage/storageAccounts/a"},
        {"type", "Microsoft.Storage/storageAccounts"},
        {"name", "a"},
        {"properties", properties}};
    if (!children.is_null()) doc["children"] = children;
    if (!isDeclarative(id)) return instance_->assess(id, doc.dump());
    policy::DeclarativeAssessment declarative(info(id), settings_);
    REQUIRE_FALSE(declarative.unsupported());
    auto outcome = declarative.evaluate(doc, nlohmann::json::object(), nullptr);
    REQUIRE(outcome);
    return *outcome;
  }

 private:
  const AssessmentInfo& info(const std::string& id) const {
    for (const auto& a : plugin_->manifest().assessments) {
      if (a.id == id) return a;
    }
    FAIL("no assessment " << id);
    throw std::logic_error("unreachable");
  }

  nlohmann::json settings_;
  std::shared_ptr<LoadedPlugin> plugin_;
  std::unique_ptr<PluginInstance> instance_;
};

}  // namespace

TEST_CASE("secure transfer follows the built-in policy", "[storage]") {
  StoragePlugin p;
  CHECK(p.isDeclarative("storage.secure-transfer"));
  CHECK(p.isDeclarative("storage.minimum-tls"));
  CHECK_FALSE(p.isDeclarative("storage.public-blob-access"));
  CHECK(p.assess("storage.secure-transfer", {{"supportsHttpsTrafficOnly", false}}).state ==
        AssessmentState::Unhealthy);
  CHECK(p.assess("storage.secure-transfer", {{"supportsHttpsTrafficOnly", "False"}}).state ==
        AssessmentState::Unhealthy);
  CHECK(p.assess("storage.secure-transfer", {{"supportsHttpsTrafficOnly", true}}).state ==
        AssessmentState::Healthy);
  // Absent means the service default (true) since API version 2019-04-01.
  CHECK(p.assess("storage.secure-transfer", nlohmann::json::object()).state ==
        AssessmentState::Healthy);
  // Azure Policy compares text: 7 is not "false", so the account is not flagged.
  CHECK(p.assess("storage.secure-transfer", {{"supportsHttpsTrafficOnly", 7}}).state ==
        AssessmentState::Healthy);
}

TEST_CASE("public blob access needs an explicit false and names public containers", "[storage]") {
  StoragePlugin p;
  CHECK(p.assess("storage.public-blob-access", {{"allowBlobPublicAccess", false}}).state ==
        AssessmentState::Healthy);
  CHECK(p.assess("storage.public-blob-access", nlohmann::json::object()).state ==
        AssessmentState::Unhealthy);
  nlohmann::json children = nlohmann::json::parse(R"([{
      "type": "Microsoft.Storage/storageAccounts/blobServices", "name": "default",
      "children": [
        {"type": "Microsoft.Storage/storageAccounts/blobServices/containers", "name": "web",
         "properties": {"publicAccess": "Container"}},
        {"type": "Microsoft.Storage/storageAccounts/blobServices/containers", "name": "private",
         "properties": {"publicAccess": "None"}}]}])");
  auto o = p.assess("storage.public-blob-access", {{"allowBlobPublicAccess", true}}, children);
  CHECK(o.state == AssessmentState::Unhealthy);
  CHECK(o.evidence["publicContainers"] == nlohmann::json::array({"web"}));
}

TEST_CASE("minimum TLS compares against the configured version", "[storage]") {
  StoragePlugin strict;
  CHECK(strict.assess("storage.minimum-tls", {{"minimumTlsVersion", "TLS1_2"}}).state ==
        AssessmentState::Healthy);
  CHECK(strict.assess("storage.minimum-tls", {{"minimumTlsVersion", "TLS1_1"}}).state ==
        AssessmentState::Unhealthy);
  CHECK(strict.assess("storage.minimum-tls", nlohmann::json::object()).state ==
        AssessmentState::Unhealthy);
  // The plugin setting of the same name supplies the policy's parameter.
  StoragePlugin lenient(nlohmann::json{{"minimumTlsVersion", "TLS1_1"}});
  CHECK(lenient.assess("storage.minimum-tls", {{"minimumTlsVersion", "TLS1_1"}}).state ==
        AssessmentState::Healthy);
  CHECK(lenient.assess("storage.minimum-tls", {{"minimumTlsVersion", "TLS1_0"}}).state ==
        AssessmentState::Unhealthy);
}

TEST_CASE("known verdicts on the real storage examples", "[storage][corpus]") {
  auto corpus = test::corpusDir();
  if (corpus.empty()) {
    BULWARK_SKIP("../shared/corpus is absent; skipping the storage corpus verdicts");
    return;
  }
  TempDir dir;
  auto file = test::writeConfig(dir, {{"storage", ""}}, {corpus / "arm-examples"});
  Config config = loadConfig(file.string());
  ScanOptions options;
  options.pluginDirs = {test::pluginDir().string()};
  ScanRecord s = runScan(config, options);
  // StorageAccountList's accounts plus GET examples of sto8596 (a duplicate of the list): each
  // account once.
  const std::filesystem::path examples = corpus / "arm-examples";
  const std::string account = "Microsoft.Storage/storageAccounts";
  CHECK(s.resources.size() == test::countResourcesWithJq(examples, account));
  size_t secureTransferUnhealthy = 0;
  for (const auto& r : s.results) {
    CHECK(r.state != AssessmentState::Error);
    if (r.assessmentId == "storage.secure-transfer" && r.state == AssessmentState::Unhealthy) {
      ++secureTransferUnhealthy;
    }
  }
  // As many as the examples whose supportsHttpsTrafficOnly is false (all of them, so far).
  const size_t insecure = test::countResourcesWithJq(
      examples, account, ".properties.supportsHttpsTrafficOnly == false");
  CHECK(insecure > 0);
  CHECK(secureTransferUnhealthy == insecure);
  bool sawSto8596 = false;
  for (const auto& r : s.resources)
    sawSto8596 |= r.name == "sto8596";
  CHECK(sawSto8596);
}
