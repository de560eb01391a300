// The running-images recommendation: a workload's images joined with completed image scans by
// canonical reference (Docker Hub's short names included) or by digest.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "posture/running_image_findings.h"

using namespace bulwark;
using nlohmann::json;

namespace {

image::ImageStatus completed(const std::string& reference, const std::string& digest,
                             const json& findings) {
  image::ImageStatus s;
  s.reference = reference;
  s.digest = digest;
  s.state = image::ScanState::Completed;
  s.scannedAt = "2026-12-04T10:00:00Z";
  s.resultJson = json{{"findings", findings}}.dump();
  return s;
}

const std::string kDigest = "sha256:" + std::string(64, 'a');

}  // namespace

TEST_CASE("a workload's images are read from every kind's pod spec") {
  json deployment = json::parse(R"({"kind": "Deployment", "spec": {"template": {"spec": {
      "initContainers": [{"name": "init", "image": "busybox:1.36"}],
      "containers": [{"name": "web", "image": "nginx:1.25"}, {"name": "side", "image": "nginx:1.25"}]}}}})");
  CHECK(containers::podImages(deployment) ==
        std::vector<std::string>{"busybox:1.36", "nginx:1.25"});
  json cron = json::parse(R"({"kind": "CronJob", "spec": {"jobTemplate": {"spec": {"template": {
      "spec": {"containers": [{"name": "job", "image": "alpine:3.19"}]}}}}}})");
  CHECK(containers::podImages(cron) == std::vector<std::string>{"alpine:3.19"});
  json pod =
      json::parse(R"({"kind": "Pod", "spec": {"containers": [{"name": "a", "image": "redis"}],
      "ephemeralContainers": [{"name": "debug", "image": "busybox:1.36"}]}})");
  CHECK(containers::podImages(pod) == std::vector<std::string>{"redis", "busybox:1.36"});
  CHECK(containers::podImages(json::parse(R"({"kind": "ConfigMap"})")).empty());
}

TEST_CASE("running images are judged by the scans of the same reference or digest") {
  json finding = {{"id", "CVE-2024-0001"},
                  {"severity", "High"},
                  {"package", "openssl"},
                  {"installed_version", "3.0.1"},
                  {"fixed_version", "3.0.13"}};
  std::vector<image::ImageStatus> statuses = {
      completed("registry-1.docker.io/library/nginx:1.25", "sha256:" + std::string(64, 'b'),
                json::array({finding})),
      completed("myregistry.azurecr.io/team/api:2.1", kDigest, json::array())};

  // Docker Hub's short name is the same image as the scanned canonical reference.
  sdk::Verdict v = containers::runningImageFindings({"nginx:1.25"}, statuses);
  CHECK(v.state == sdk::State::Unhealthy);
  CHECK(v.evidence["findingCount"] == 1);
  CHECK(v.evidence["findings"][0]["advisory"] == "CVE-2024-0001");

  // Pinned by digest: the scan of that digest counts whatever the tag.
  v = containers::runningImageFindings({"myregistry.azurecr.io/team/api@" + kDigest}, statuses);
  CHECK(v.state == sdk::State::Healthy);

  // Another tag of a scanned repository is not that scan.
  v = containers::runningImageFindings({"nginx:1.26", "redis:7"}, statuses);
  CHECK(v.state == sdk::State::NotApplicable);
  CHECK_THAT(v.reason, Catch::Contains("nginx:1.26") && Catch::Contains("redis:7"));

  // One scanned clean, one unscanned: Healthy, with the unscanned listed.
  v = containers::runningImageFindings({"myregistry.azurecr.io/team/api:2.1", "redis:7"}, statuses);
  CHECK(v.state == sdk::State::Healthy);
  CHECK(v.evidence["unscannedImages"] == json::array({"redis:7"}));

  // A reference that does not parse is unscanned, not an error.
  v = containers::runningImageFindings({"Not A Reference!"}, statuses);
  CHECK(v.state == sdk::State::NotApplicable);
}
