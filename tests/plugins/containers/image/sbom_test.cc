// Package URLs and the two SBOM formats, on a scan result built here.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "image/sbom/purl.h"
#include "image/sbom/sbom.h"
#include "image/sbom/uuid_text.h"

using namespace bulwark::image;
using nlohmann::json;

namespace {

Package make(const std::string& kind, const std::string& name, const std::string& version) {
  Package p;
  p.kind = kind;
  p.name = name;
  p.version = version;
  p.path = "usr/lib/" + name;
  p.layer = "sha256:" + std::string(64, 'a');
  return p;
}

OsInfo debian() {
  return {"debian", "12", "bookworm", "Debian GNU/Linux 12 (bookworm)"};
}

ImageScanResult sample() {
  ImageScanResult r;
  r.reference = "registry.example/team/app:1.0";
  r.digest = "sha256:" + std::string(64, 'b');
  r.osInfo = debian();
  Package ssl = make("dpkg", "libssl3", "3.0.11-1~deb12u2");
  ssl.arch = "amd64";
  ssl.sourceName = "openssl";
  r.packages = {ssl, make("npm", "lodash", "4.17.15"), make("npm", "@babel/core", "7.0.0"),
                make("python", "Jinja2", "2.10")};
  bulwark::sdk::VulnMatch lodash;
  lodash.id = "GHSA-p6mc-m468-83gw";
  lodash.aliases = {"CVE-2020-8203"};
  lodash.severity = "High";
  lodash.source = "osv";
  lodash.fixedVersion = "4.17.19";
  lodash.state = "fixed";
  bulwark::sdk::VulnMatch openssl;
  openssl.id = "CVE-2023-5678";
  openssl.severity = "Medium";
  openssl.source = "debian-tracker";
  openssl.state = "unfixed";
  r.findings = {{r.packages[1], lodash}, {r.packages[0], openssl}};
  return r;
}

const SbomContext kContext{"2026-11-29T05:00:00Z", "0b6f7d2e-9a41-4c3b-8e5f-1d2c3b4a5f60", "0.1.0"};

}  // namespace

TEST_CASE("package URLs follow the purl spec per ecosystem") {
  auto os = std::optional<OsInfo>(debian());
  Package ssl = make("dpkg", "libssl3", "3.0.11-1~deb12u2");
  ssl.arch = "amd64";
  ssl.sourceName = "openssl";
  CHECK(packageUrl(ssl, os) ==
        "pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12&upstream=openssl");
  CHECK(packageUrl(make("npm", "@babel/core", "7.0.0"), os) == "pkg:npm/%40babel/core@7.0.0");
  CHECK(packageUrl(make("python", "Jinja2_Ext", "2.10"), os) == "pkg:pypi/jinja2-ext@2.10");
  CHECK(packageUrl(make("java", "org.apache.logging.log4j:log4j-core", "2.14.1"), os) ==
        "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1");
  CHECK(packageUrl(make("go", "github.com/gin-gonic/gin", "v1.6.0"), os) ==
        "pkg:golang/github.com/gin-gonic/gin@v1.6.0");
  CHECK(packageUrl(make("gem", "rails", "6.0.0"), os) == "pkg:gem/rails@6.0.0");
  CHECK(packageUrl(make("cargo", "smallvec", "1.6.0"), os) == "pkg:cargo/smallvec@1.6.0");
  CHECK(packageUrl(make("apk", "musl", "1.2.3-r4"),
                   std::optional<OsInfo>(OsInfo{"alpine", "3.18.4", "", ""})) ==
        "pkg:apk/alpine/musl@1.2.3-r4?distro=alpine-3.18.4");
  CHECK(purlEncode("a b/c") == "a%20b%2Fc");
}

TEST_CASE("random UUIDs are version 4 and differ") {
  std::regex v4("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
  std::string a = randomUuid(), b = randomUuid();
  CHECK(std::regex_match(a, v4));
  CHECK(std::regex_match(b, v4));
  CHECK(a != b);
}

TEST_CASE("CycloneDX: every package is a component and every finding affects one") {
  ImageScanResult r = sample();
  json bom = cycloneDxSbom(r, kContext);
  CHECK(bom["bomFormat"] == "CycloneDX");
  CHECK(bom["specVersion"] == "1.5");
  CHECK(bom["serialNumber"] == "urn:uuid:" + kContext.uuid);
  CHECK(bom["metadata"]["component"]["name"] == r.reference);
  CHECK(bom["metadata"]["component"]["version"] == r.digest);
  REQUIRE(bom["components"].size() == r.packages.size() + 1);  // + the operating system
  std::set<std::string> refs;
  for (const auto& c : bom["components"])
    CHECK(refs.insert(c["bom-ref"].get<std::string>()).second);  // unique
  std::set<std::string> purls;
  for (const auto& c : bom["components"])
    if (c.contains("purl")) purls.insert(c["purl"]);
  CHECK(purls.count("pkg:npm/lodash@4.17.15") == 1);
  REQUIRE(bom["vulnerabilities"].size() == 2);
  for (const auto& v : bom["vulnerabilities"])
    for (const auto& a : v["affects"])
      CHECK(refs.count(a["ref"].get<std::string>()) == 1);
  json lodash = bom["vulnerabilities"][0];
  CHECK(lodash["id"] == "GHSA-p6mc-m468-83gw");
  CHECK(lodash["ratings"][0]["severity"] == "high");
  CHECK(lodash["recommendation"] == "Upgrade lodash to 4.17.19");
  CHECK(lodash["references"][0]["id"] == "CVE-2020-8203");
  CHECK(bom["vulnerabilities"][1]["recommendation"] == "libssl3: no fixed version yet");
  CHECK(bom["dependencies"][0]["dependsOn"].size() == r.packages.size() + 1);
}

TEST_CASE("SPDX: packages with purls, contained by the image the document describes") {
  ImageScanResult r = sample();
  json doc = spdxSbom(r, kContext);
  CHECK(doc["spdxVersion"] == "SPDX-2.3");
  CHECK(doc["dataLicense"] == "CC0-1.0");
  CHECK(doc["documentNamespace"].get<std::string>().find(kContext.uuid) != std::string::npos);
  REQUIRE(doc["packages"].size() == r.packages.size() + 2);  // + image + operating system
  std::set<std::string> ids;
  std::regex idPattern("^SPDXRef-[A-Za-z0-9.-]+$");
  for (const auto& p : doc["packages"]) {
    std::string id = p["SPDXID"];
    CHECK(std::regex_match(id, idPattern));
    CHECK(ids.insert(id).second);
    CHECK(p.contains("downloadLocation"));
  }
  size_t contains = 0;
  for (const auto& rel : doc["relationships"]) {
    CHECK(ids.count(rel["relatedSpdxElement"].get<std::string>()) == 1);
    if (rel["relationshipType"] == "CONTAINS") ++contains;
  }
  CHECK(contains == r.packages.size() + 1);
  bool scoped = false;
  for (const auto& p : doc["packages"])
    if (p.contains("externalRefs") &&
        p["externalRefs"][0]["referenceLocator"] == "pkg:npm/%40babel/core@7.0.0")
      scoped = true;
  CHECK(scoped);
}
