// The done-when test: `bulwark images scan` of the images scripts/make-test-images builds from
// real Debian packages and npm tarballs, in every form, against the corpus advisories.
#include <yaml-cpp/yaml.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "image/test_images.h"
#include "kernel/vuln/vuln_fixture.h"
#include "support/test_support.h"
#include "vuln/version/compare.h"

namespace {

using nlohmann::json;
namespace fs = std::filesystem;
using namespace bulwark::test;

// "name\tversion\tarch" lines, as dpkg-query reads the image's own database.
std::set<std::string> dpkgQuery(const fs::path& rootfs) {
  std::string out = runShell("dpkg-query --admindir='" + (rootfs / "var/lib/dpkg").string() +
                             "' -W -f='${Package}\\t${Version}\\t${Architecture}\\n'")
                        .out;
  std::set<std::string> lines;
  size_t pos = 0;
  while (pos < out.size()) {
    size_t end = out.find('\n', pos);
    lines.insert(out.substr(pos, end - pos));
    pos = end + 1;
  }
  return lines;
}

// Advisory id -> fixed version, for every range of `package` in the OSV records under `dir`
// (JSON or YAML) that holds `version`, by the ecosystem's own order.
std::map<std::string, std::string> expectedAdvisories(
    const fs::path& dir, const std::string& package, const std::string& version,
    int (*compare)(std::string_view, std::string_view)) {
  std::map<std::string, std::string> out;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    std::string ext = entry.path().extension().string();
    if (!entry.is_regular_file() || (ext != ".json" && ext != ".yaml")) continue;
    YAML::Node doc = YAML::LoadFile(entry.path().string());  // JSON is YAML
    if (!doc["affected"] || doc["withdrawn"]) continue;
    for (const auto& affected : doc["affected"]) {
      if (!affected["package"] || affected["package"]["name"].as<std::string>() != package)
        continue;
      for (const auto& range : affected["ranges"]) {
        if (range["type"].as<std::string>() == "GIT") continue;
        std::string introduced, fixed;
        for (const auto& event : range["events"]) {
          if (event["introduced"]) introduced = event["introduced"].as<std::string>();
          if (event["fixed"]) fixed = event["fixed"].as<std::string>();
        }
        bool above = introduced == "0" || compare(version, introduced) >= 0;
        if (above && !fixed.empty() && compare(version, fixed) < 0)
          out[doc["id"].as<std::string>()] = fixed;
      }
    }
  }
  return out;
}

json scanJson(const std::string& image, const fs::path& db, const fs::path& store) {
  auto r = runBulwark({"images", "scan", image, "--vulndb", db.string(), "--store", store.string(),
                       "--format", "json"});
  INFO(r.err);
  REQUIRE(r.exitCode == 0);
  return json::parse(r.out);
}

}  // namespace

TEST_CASE(
    "images scan lists the dpkg packages exactly as dpkg-query and reports the known "
    "vulnerable npm and Python packages with fixed versions",
    "[image][cli][done]") {
  fs::path images = testImages();
  fs::path db = sharedVulnDb();
  if (images.empty()) return;
  if (db.empty()) {
    BULWARK_SKIP("corpus absent: skipping");
    return;
  }
  const std::set<std::string> dpkg = dpkgQuery(images / "rootfs");
  REQUIRE(dpkg.size() >= 10);
  fs::path corpus = vulndbCorpus();
  struct Expect {
    std::string kind, name, version;
    std::map<std::string, std::string> advisories;
  };
  std::vector<Expect> vulnerable;
  for (auto [name, version] : std::vector<std::pair<std::string, std::string>>{
           {"lodash", "4.17.15"}, {"minimist", "1.2.0"}})
    vulnerable.push_back({"npm", name, version,
                          expectedAdvisories(corpus / "github-advisory-database", name, version,
                                             bulwark::vuln::compareSemver)});
  for (const auto& line : dpkg) {
    // The python3-* packages carry egg-info / dist-info with the upstream version.
    if (line.rfind("python3-requests\t", 0) != 0 && line.rfind("python3-idna\t", 0) != 0) continue;
    std::string upstream = line.substr(line.find('\t') + 1);
    upstream = upstream.substr(0, upstream.find_first_of("+-"));
    std::string name = line.substr(8, line.find('\t') - 8);
    vulnerable.push_back({"python", name, upstream,
                          expectedAdvisories(corpus / "pypa-advisory-database/vulns" / name, name,
                                             upstream, bulwark::vuln::comparePep440)});
  }
  for (const auto& v : vulnerable) {
    INFO(v.name << " " << v.version);
    REQUIRE_FALSE(v.advisories.empty());
  }

  TempDir tmp;
  for (const std::string& image : {"oci:" + (images / "oci").string() + ":test",
                                   "oci:" + (images / "oci.tar").string() + ":test",
                                   "oci:" + (images / "oci-zstd").string() + ":test",
                                   "docker-archive:" + (images / "docker.tar").string(),
                                   "rootfs:" + (images / "rootfs").string()}) {
    INFO(image);
    json scan = scanJson(image, db, tmp / "store.db");
    CHECK(scan["os"]["id"] == "debian");
    CHECK(scan["problems"].empty());
    std::set<std::string> listed;
    std::map<std::string, std::string> layerOf;
    std::map<std::string, std::string> versionOf;
    for (const auto& p : scan["packages"]) {
      if (p["kind"] == "dpkg")
        listed.insert(p["name"].get<std::string>() + "\t" + p["version"].get<std::string>() + "\t" +
                      p["arch"].get<std::string>());
      layerOf[p["kind"].get<std::string>() + ":" + p["name"].get<std::string>()] = p["layer"];
      versionOf[p["kind"].get<std::string>() + ":" + p["name"].get<std::string>()] = p["version"];
    }
    CHECK(listed == dpkg);
    // semver was deleted by the top layer: its whiteout hides it.
    CHECK(versionOf.count("npm:semver") == 0);
    if (image.rfind("rootfs:", 0) != 0) {
      REQUIRE(scan["layers"].size() == 3);
      CHECK(layerOf["dpkg:base-files"] == scan["layers"][0]["digest"]);
      CHECK(layerOf["dpkg:python3-requests"] == scan["layers"][1]["digest"]);
      CHECK(layerOf["npm:lodash"] == scan["layers"][1]["digest"]);
    }
    for (const auto& v : vulnerable) {
      CHECK(versionOf[v.kind + ":" + v.name] == v.version);
      for (const auto& [id, fixed] : v.advisories) {
        INFO(v.name << " " << id);
        bool found = false;
        for (const auto& f : scan["findings"]) {
          if (f["id"] != id || f["package"] != v.name) continue;
          found = true;
          CHECK(f["fixed_version"] == fixed);
          CHECK(f["installed_version"] == v.version);
          CHECK(f["state"] == "fixed");
          CHECK(f["layer"] == layerOf[v.kind + ":" + v.name]);
          CHECK_FALSE(f["path"].get<std::string>().empty());
        }
        CHECK(found);
      }
    }
  }
}

TEST_CASE(
    "images list and show keep the scan status per digest and flag a rescan after a newer "
    "vulndb import and a Scan error for a corrupt image",
    "[image][cli][status]") {
  fs::path images = testImages();
  fs::path shared = sharedVulnDb();
  if (images.empty() || shared.empty()) return;
  TempDir tmp;
  fs::copy_file(shared, tmp / "vulndb.sqlite");
  std::string store = (tmp / "store.db").string(), db = (tmp / "vulndb.sqlite").string();
  std::string archive = "docker-archive:" + (images / "docker.tar").string();

  auto scan = runBulwark({"images", "scan", archive, "--vulndb", db, "--store", store});
  INFO(scan.err);
  REQUIRE(scan.exitCode == 0);
  CHECK(scan.out.find("GHSA-35jh-r3h4-6jhm") != std::string::npos);
  CHECK(scan.out.find("python3-requests") != std::string::npos);

  auto list = runBulwark({"images", "list", "--store", store, "--vulndb", db, "--format", "json"});
  REQUIRE(list.exitCode == 0);
  json rows = json::parse(list.out);
  REQUIRE(rows.size() == 1);
  CHECK(rows[0]["status"] == "Completed");
  CHECK(rows[0]["rescan_needed"] == false);
  CHECK(rows[0]["findings"].get<int>() > 0);
  std::string digest = rows[0]["digest"];

  auto show = runBulwark({"images", "show", digest.substr(7, 12), "--store", store});
  REQUIRE(show.exitCode == 0);
  CHECK(show.out.find("Completed") != std::string::npos);
  CHECK(show.out.find("GHSA-35jh-r3h4-6jhm") != std::string::npos);

  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  auto import = runBulwark(
      {"vulndb", "import", (vulndbCorpus() / "github-advisory-database").string(), "--db", db});
  REQUIRE(import.exitCode == 0);
  rows = json::parse(
      runBulwark({"images", "list", "--store", store, "--vulndb", db, "--format", "json"}).out);
  CHECK(rows[0]["rescan_needed"] == true);
  CHECK(
      runBulwark({"images", "list", "--store", store, "--vulndb", db}).out.find("rescan needed") !=
      std::string::npos);

  // A docker-archive cut in the middle of a layer.
  std::string whole = readFile(images / "docker.tar");
  writeFile(tmp / "cut.tar", whole.substr(0, whole.size() / 2));
  auto broken = runBulwark({"images", "scan", "docker-archive:" + (tmp / "cut.tar").string(),
                            "--vulndb", db, "--store", store});
  CHECK(broken.exitCode == 3);
  CHECK(broken.err.find("scan error") != std::string::npos);
  rows = json::parse(runBulwark({"images", "list", "--store", store, "--format", "json"}).out);
  bool sawError = false;
  for (const auto& r : rows)
    if (r["status"] == "Scan error") {
      sawError = true;
      CHECK_FALSE(r["reason"].get<std::string>().empty());
    }
  CHECK(sawError);
}
