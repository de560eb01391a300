// The vm plugin's "Machines should have vulnerability findings resolved": a machine's package
// inventory (the host collector on a fixture root) matched through the host's vulnerability
// database service (SDK ABI 1.2) in `bulwark scan`, and the verdict's rules on hand-made
// documents.
#include <catch2/catch.hpp>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "kernel/vuln/vuln_fixture.h"
#include "machine_vulnerabilities.h"
#include "support/test_support.h"

using namespace bulwark;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// A Debian 11 root whose libgcrypt20 build is one the tracker says is fixed in 1.8.7-6.
void writeHostRoot(const fs::path& root, const std::string& libgcryptVersion) {
  test::writeFile(root / "etc/os-release",
                  "ID=debian\nVERSION_ID=\"11\"\nVERSION_CODENAME=bullseye\n"
                  "PRETTY_NAME=\"Debian GNU/Linux 11 (bullseye)\"\n");
  test::writeFile(root / "etc/hostname", "fixture-host\n");
  test::writeFile(
      root / "var/lib/dpkg/status",
      "Package: libgcrypt20\nStatus: install ok installed\nVersion: " + libgcryptVersion +
          "\nArchitecture: amd64\nSource: libgcrypt20\n\n"
          "Package: base-files\nStatus: install ok installed\nVersion: 11.1+deb11u9\n"
          "Architecture: amd64\n\n");
}

json scanJson(const test::TempDir& dir, const fs::path& root, const fs::path& db) {
  fs::path inventory = dir / "inventory";
  fs::create_directories(inventory);
  test::writeFile(inventory / "none.json", "[]");
  std::string vm = R"({"collect_host": true, "run_commands": false, "host_root": ")" +
                   root.string() + R"(", "host_name": "fixture-host"})";
  fs::path config = test::writeConfig(dir, {{"vm", vm}}, {inventory});
  if (!db.empty()) {
    std::string text = test::readFile(config);
    text += "vulndb:\n  path: " + db.string() + "\n";
    test::writeFile(config, text);
  }
  auto r = test::runBulwark({"scan", "-c", config.string(), "-f", "json"});
  INFO(r.err);
  REQUIRE((r.exitCode == 0 || r.exitCode == 1));
  return json::parse(r.out);
}

const json* machineResult(const json& report) {
  for (const auto& r : report["results"]) {
    std::string id = r.value("resourceId", "");
    if (r.value("assessmentId", "") == vm::kMachineVulnerabilitiesId && id.size() > 13 &&
        id.compare(id.size() - 13, 13, "/fixture-host") == 0)
      return &r;
  }
  return nullptr;
}

json machineDoc(json installed, json os) {
  return {{"id", "/subscriptions/s/resourceGroups/r/providers/Microsoft.HybridCompute/machines/m"},
          {"type", "Microsoft.HybridCompute/machines"},
          {"properties",
           {{"bulwarkHost",
             {{"os", std::move(os)},
              {"packages",
               {{"installed", std::move(installed)},
                {"sourcePackages",
                 {{"libssl3", {{"name", "openssl"}, {"version", "3.0.11-1"}}}}}}}}}}}};
}

}  // namespace

TEST_CASE("machines: the installed packages go through the host's vulnerability database") {
  fs::path db = test::sharedVulnDb();
  if (db.empty()) {
    test::corpusOrSkip("machine vulnerability scan");
    return;
  }
  test::TempDir dir;
  writeHostRoot(dir / "vulnerable", "1.8.7-5");
  json report = scanJson(dir, dir / "vulnerable", db);
  const json* machine = machineResult(report);
  REQUIRE(machine != nullptr);
  CHECK((*machine)["state"] == "Unhealthy");
  const json& findings = (*machine)["evidence"]["findings"];
  REQUIRE(findings.size() == 1);
  CHECK(findings[0]["advisory"] == "CVE-2021-33560");
  CHECK(findings[0]["package"] == "libgcrypt20");
  CHECK(findings[0]["installedVersion"] == "1.8.7-5");
  CHECK(findings[0]["fixedVersion"] == "1.8.7-6");
  CHECK((*machine)["evidence"]["os"] == "Debian GNU/Linux 11 (bullseye)");
  bool scored = false;
  for (const auto& c : report["secureScore"]["controls"])
    if (c.value("name", "") == "Remediate vulnerabilities" && c.value("unhealthyResources", 0) >= 1)
      scored = true;
  CHECK(scored);

  test::TempDir fixedDir;
  writeHostRoot(fixedDir / "fixed", "1.8.7-6");
  json fixed = scanJson(fixedDir, fixedDir / "fixed", db);
  const json* clean = machineResult(fixed);
  REQUIRE(clean != nullptr);
  CHECK((*clean)["state"] == "Healthy");
}

TEST_CASE("machines: without a vulnerability database the recommendation does not apply") {
  test::TempDir dir;
  writeHostRoot(dir / "root", "1.8.7-5");
  json report = scanJson(dir, dir / "root", {});
  const json* machine = machineResult(report);
  REQUIRE(machine != nullptr);
  CHECK((*machine)["state"] == "NotApplicable");
  CHECK_THAT((*machine)["reason"].get<std::string>(), Catch::Contains("vulnerability database"));
}

TEST_CASE("machines: distro queries carry the release and the source package version") {
  std::vector<sdk::PackageQuery> seen;
  auto matcher = [&](const std::vector<sdk::PackageQuery>& q) {
    seen = q;
    std::vector<sdk::VulnMatch> out;
    for (size_t i = 0; i < q.size(); ++i) {
      if (q[i].package != "libssl3") continue;
      sdk::VulnMatch m;
      m.query = i;
      m.id = "CVE-2023-5678";
      m.severity = "Medium";
      m.fixedVersion = "3.0.11-1~deb12u2";
      m.state = "fixed";
      out.push_back(m);
    }
    return out;
  };
  json doc = machineDoc({{"libssl3", "3.0.11-1+b1"}, {"bash", "5.2.15-2+b2"}},
                        {{"id", "debian"}, {"versionId", ""}, {"codename", "bookworm"}});
  sdk::Verdict v = vm::machineVulnerabilities(sdk::Resource(doc), matcher);
  REQUIRE(seen.size() == 2);
  for (const auto& q : seen) {
    CHECK(q.distro == "debian");
    CHECK(q.release == "bookworm");  // the codename when VERSION_ID is absent
  }
  auto ssl = std::find_if(seen.begin(), seen.end(),
                          [](const sdk::PackageQuery& q) { return q.package == "libssl3"; });
  REQUIRE(ssl != seen.end());
  CHECK(ssl->sourcePackage == "openssl");
  CHECK(ssl->version == "3.0.11-1");  // the source version, not the binNMU
  CHECK(v.state == sdk::State::Unhealthy);
  CHECK(v.reason == "1 finding (1 Medium) in 2 installed packages");
  REQUIRE(v.evidence["findings"].size() == 1);
  CHECK(v.evidence["findings"][0]["installedVersion"] == "3.0.11-1+b1");
}

TEST_CASE("machines: no inventory or no distribution is not applicable, never healthy") {
  bool called = false;
  auto matcher = [&](const std::vector<sdk::PackageQuery>&) {
    called = true;
    return std::vector<sdk::VulnMatch>{};
  };
  json arc = {
      {"id", "/subscriptions/s/resourceGroups/r/providers/Microsoft.HybridCompute/machines/a"},
      {"properties", {{"osName", "linux"}}}};
  CHECK(vm::machineVulnerabilities(sdk::Resource(arc), matcher).state == sdk::State::NotApplicable);
  json noOs = machineDoc({{"bash", "5.2"}}, json::object());
  CHECK(vm::machineVulnerabilities(sdk::Resource(noOs), matcher).state ==
        sdk::State::NotApplicable);
  CHECK_FALSE(called);
  json garbage = machineDoc("not an object", {{"id", "debian"}});
  CHECK(vm::machineVulnerabilities(sdk::Resource(garbage), matcher).state ==
        sdk::State::NotApplicable);
}
