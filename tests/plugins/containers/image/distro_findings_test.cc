// Distro packages are matched by source package against their own distro release's advisories
// (the corpus's Debian security tracker fixtures).
#include <catch2/catch.hpp>

#include "image/image_scan.h"
#include "kernel/vuln/vuln_fixture.h"
#include "support/kernel_services.h"
#include "support/test_support.h"

namespace {

using namespace bulwark::image;
using bulwark::test::TempDir;
using bulwark::test::writeFile;

ImageScanResult scanRootfs(const TempDir& root, const std::string& versionId,
                           const std::string& codename) {
  writeFile(root / "etc/os-release",
            "ID=debian\nVERSION_ID=\"" + versionId + "\"\nVERSION_CODENAME=" + codename + "\n");
  writeFile(root / "var/lib/dpkg/status",
            "Package: libgcrypt20-custom\nStatus: install ok installed\nVersion: 1.8.7-5+b1\n"
            "Architecture: amd64\nSource: libgcrypt20 (1.8.7-5)\n\n"
            "Package: libgcrypt20\nStatus: install ok installed\nVersion: 1.8.7-6\n"
            "Architecture: amd64\n\n");
  bulwark::vuln::VulnDb db(bulwark::test::sharedVulnDb().string(), false);
  return scanImage(parseImageReference("rootfs:" + root.path().string()), ScanOptions{},
                   bulwark::test::kernelMatcher(db));
}

}  // namespace

TEST_CASE("distro packages match their source package's tracker advisories by source version",
          "[image][findings]") {
  if (bulwark::test::sharedVulnDb().empty()) {
    BULWARK_SKIP("corpus absent: skipping");
    return;
  }
  TempDir root;
  ImageScanResult r = scanRootfs(root, "11", "bullseye");
  REQUIRE(r.packages.size() == 2);
  CHECK(r.packages[0].ecosystem == "Debian");
  REQUIRE(r.findings.size() == 1);
  const Finding& f = r.findings[0];
  CHECK(f.vulnerability.id == "CVE-2021-33560");
  CHECK(f.package.name == "libgcrypt20-custom");
  CHECK(f.package.version == "1.8.7-5+b1");
  CHECK(f.vulnerability.installedVersion == "1.8.7-5");  // the source version
  CHECK(f.vulnerability.fixedVersion == "1.8.7-6");
  CHECK(f.vulnerability.state == "fixed");
  CHECK(f.package.layer == "rootfs");
  CHECK(f.package.path == "var/lib/dpkg/status");
}
