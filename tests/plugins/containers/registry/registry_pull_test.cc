// Pulling from the real Debian docker-registry on loopback: images pushed by skopeo come back
// byte for byte with digests verified; auth, unknown tags and tampered blobs fail clearly.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <fstream>

#include "registry/image_pull.h"
#include "registry/registry_fixture.h"
#include "registry/sha256_stream.h"
#include "registry/token_service.h"
#include "support/http_client.h"

using namespace bulwark::test;
using namespace bulwark::registry;

#define SKIP_UNLESS_TOOLS(registryFixture)                                                        \
  if (!imageToolsMissing().empty() || !(registryFixture).available()) {                           \
    BULWARK_SKIP("skipped: " << (imageToolsMissing().empty() ? (registryFixture).whyUnavailable() \
                                                             : imageToolsMissing()));             \
    return;                                                                                       \
  }

namespace {

std::string fileDigest(const fs::path& path) {
  return sha256Digest(readFile(path));
}

}  // namespace

TEST_CASE("an image pushed with skopeo is pulled into an OCI layout, digests verified") {
  RegistryFixture registry;
  SKIP_UNLESS_TOOLS(registry);
  TempDir dir;
  makeOciImage(dir / "src", "v1", {{"etc/os-release", "ID=bulwarktest\n"}, {"app/x", "x"}});
  std::string digest = pushImage(dir / "src", "v1", registry.host(), "demo/app:v1");
  REQUIRE(isSha256Digest(digest));

  PulledImage byTag =
      pullImage(parseImageReference(registry.host() + "/demo/app:v1"), {}, {}, dir / "tag");
  CHECK(byTag.manifestDigest == digest);
  REQUIRE(byTag.layers.size() == 1);
  for (const auto& blob : {byTag.config, byTag.layers[0]}) {
    fs::path file = dir / "tag" / "blobs" / "sha256" / blob.digest.substr(7);
    REQUIRE(fs::exists(file));
    CHECK(fileDigest(file) == blob.digest);
    CHECK(static_cast<int64_t>(fs::file_size(file)) == blob.size);
  }
  // The pulled layout holds the same layer bytes umoci wrote.
  CHECK(fs::exists(dir / "src" / "blobs" / "sha256" / byTag.layers[0].digest.substr(7)));
  CHECK(readFile(dir / "tag" / "index.json").find(digest) != std::string::npos);

  PulledImage byDigest = pullImage(parseImageReference(registry.host() + "/demo/app@" + digest), {},
                                   {}, dir / "digest");
  CHECK(byDigest.layers[0].digest == byTag.layers[0].digest);
}

TEST_CASE("an unknown tag or repository is an error naming it") {
  RegistryFixture registry;
  SKIP_UNLESS_TOOLS(registry);
  TempDir dir;
  try {
    pullImage(parseImageReference(registry.host() + "/nothing/here:v9"), {}, {}, dir / "x");
    FAIL("pull of a missing image succeeded");
  } catch (const RegistryError& e) {
    CHECK(e.status() == 404);
    CHECK(std::string(e.what()).find("nothing/here") != std::string::npos);
    CHECK(std::string(e.what()).find("MANIFEST_UNKNOWN") != std::string::npos);
  }
  CHECK_FALSE(fs::exists(dir / "x" / "index.json"));
}

TEST_CASE("a blob altered in the registry's storage fails its digest check") {
  RegistryFixture registry;
  SKIP_UNLESS_TOOLS(registry);
  TempDir dir;
  makeOciImage(dir / "src", "v1", {{"etc/hello", "hello"}});
  pushImage(dir / "src", "v1", registry.host(), "demo/tamper:v1");
  PulledImage good =
      pullImage(parseImageReference(registry.host() + "/demo/tamper:v1"), {}, {}, dir / "good");
  std::string hex = good.layers[0].digest.substr(7);
  fs::path stored = registry.storageDir() / "docker" / "registry" / "v2" / "blobs" / "sha256" /
                    hex.substr(0, 2) / hex / "data";
  REQUIRE(fs::exists(stored));
  {
    std::fstream f(stored, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(20);
    f.put('\x5a');
  }
  CHECK_THROWS_WITH(
      pullImage(parseImageReference(registry.host() + "/demo/tamper:v1"), {}, {}, dir / "bad"),
      Catch::Contains("digest mismatch") && Catch::Contains(good.layers[0].digest));
  // Nothing that looks complete is left behind.
  CHECK_FALSE(fs::exists(dir / "bad" / "blobs" / "sha256" / hex));
  CHECK_FALSE(fs::exists(dir / "bad" / "index.json"));
}

TEST_CASE("a registry behind htpasswd Basic auth needs the credentials") {
  RegistryFixtureOptions options;
  options.username = "scanner";
  options.password = "s3cret-pass";
  RegistryFixture registry(options);
  SKIP_UNLESS_TOOLS(registry);
  TempDir dir;
  makeOciImage(dir / "src", "v1", {{"etc/hello", "hello"}});
  std::string digest =
      pushImage(dir / "src", "v1", registry.host(), "demo/private:v1", "scanner", "s3cret-pass");
  auto reference = parseImageReference(registry.host() + "/demo/private:v1");
  try {
    pullImage(reference, {}, {}, dir / "anonymous");
    FAIL("anonymous pull succeeded");
  } catch (const RegistryError& e) {
    CHECK(e.status() == 401);
  }
  try {
    pullImage(reference, {}, {"scanner", "wrong-password"}, dir / "wrong");
    FAIL("pull with a wrong password succeeded");
  } catch (const RegistryError& e) {
    CHECK(e.status() == 401);
    CHECK(std::string(e.what()).find("wrong-password") == std::string::npos);
  }
  CHECK(pullImage(reference, {}, {"scanner", "s3cret-pass"}, dir / "ok").manifestDigest == digest);
}

TEST_CASE("manifest lists are resolved to the requested platform") {
  RegistryFixture registry;
  SKIP_UNLESS_TOOLS(registry);
  TempDir dir;
  makeOciImage(dir / "src", "v1", {{"etc/hello", "hello"}});
  std::string digest = pushImage(dir / "src", "v1", registry.host(), "demo/multi:amd64");
  // An OCI index naming the amd64 manifest and a missing arm64 one, pushed as its own tag.
  std::string manifest = readFile(dir / "src" / "blobs" / "sha256" / digest.substr(7));
  std::string index =
      R"({"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[)"
      R"({"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":")" +
      digest + R"(","size":)" + std::to_string(manifest.size()) +
      R"(,"platform":{"os":"linux","architecture":"amd64"}}]})";
  CHECK(choosePlatform(index, "linux/amd64", "t") == digest);
  int port = std::stoi(registry.host().substr(registry.host().rfind(':') + 1));
  auto put = httpSend("PUT", "127.0.0.1", port, "/v2/demo/multi/manifests/all",
                      "application/vnd.oci.image.index.v1+json", index);
  REQUIRE(put.status == 201);
  auto reference = parseImageReference(registry.host() + "/demo/multi:all");
  PulledImage amd64 = pullImage(reference, {}, {}, dir / "amd64");
  CHECK(amd64.manifestDigest == digest);
  CHECK(amd64.indexDigest == sha256Digest(index));
  CHECK(amd64.platform == "linux/amd64");
  RegistryOptions arm;
  arm.platform = "linux/arm64";
  CHECK_THROWS_WITH(pullImage(reference, arm, {}, dir / "arm64"),
                    Catch::Contains("no manifest for platform linux/arm64"));
  CHECK_THROWS_WITH(choosePlatform(index, "linux/arm64", "t"),
                    Catch::Contains("linux/arm64") && Catch::Contains("offered: linux/amd64"));
  CHECK_THROWS_WITH(choosePlatform("{}", "linux/amd64", "t"), Catch::Contains("manifests"));
}

TEST_CASE("a registry with token auth is pulled with a Bearer token from its token service") {
  TokenService tokens("puller", "t0ken-pass", "bulwark-test-registry", "bulwark-test-issuer");
  if (!tokens.available()) {
    BULWARK_SKIP("skipped: " << tokens.whyUnavailable());
    return;
  }
  RegistryFixtureOptions options;
  options.tokenRealm = tokens.realm();
  options.tokenService = tokens.service();
  options.tokenIssuer = tokens.issuer();
  options.tokenRootCertificate = tokens.certificate().string();
  RegistryFixture registry(options);
  SKIP_UNLESS_TOOLS(registry);
  TempDir dir;
  makeOciImage(dir / "src", "v1", {{"etc/hello", "hello"}});
  std::string digest =
      pushImage(dir / "src", "v1", registry.host(), "demo/tokened:v1", "puller", "t0ken-pass");
  auto reference = parseImageReference(registry.host() + "/demo/tokened:v1");
  try {
    pullImage(reference, {}, {"puller", "not-the-password"}, dir / "wrong");
    FAIL("pull with a wrong password succeeded");
  } catch (const RegistryError& e) {
    CHECK(std::string(e.what()).find("token service refused") != std::string::npos);
    CHECK(std::string(e.what()).find("not-the-password") == std::string::npos);
  }
  PulledImage image = pullImage(reference, {}, {"puller", "t0ken-pass"}, dir / "ok");
  CHECK(image.manifestDigest == digest);
  auto scopes = tokens.scopesRequested();
  CHECK(std::find(scopes.begin(), scopes.end(), "repository:demo/tokened:pull") != scopes.end());
}

TEST_CASE("images scan registry: pulls the image, verifies it and scans it") {
  RegistryFixtureOptions options;
  options.username = "reader";
  options.password = "r3ader-pass";
  RegistryFixture registry(options);
  SKIP_UNLESS_TOOLS(registry);
  TempDir dir;
  makeOciImage(
      dir / "src", "v1",
      {{"app/node_modules/minimist/package.json", R"({"name":"minimist","version":"1.2.0"})"}});
  std::string digest =
      pushImage(dir / "src", "v1", registry.host(), "demo/scanme:v1", "reader", "r3ader-pass");
  std::string store = (dir / "store.db").string();
  std::string image = "registry:" + registry.host() + "/demo/scanme:v1";

  ::setenv("BULWARK_REGISTRY_USERNAME", "reader", 1);
  ::setenv("BULWARK_REGISTRY_PASSWORD", "wrong-pass", 1);
  RunResult refused = runBulwark({"images", "scan", image, "--store", store});
  CHECK(refused.exitCode == 3);
  CHECK(refused.err.find("demo/scanme") != std::string::npos);
  CHECK(refused.err.find("wrong-pass") == std::string::npos);

  ::setenv("BULWARK_REGISTRY_PASSWORD", "r3ader-pass", 1);
  RunResult scanned = runBulwark({"images", "scan", image, "--store", store, "--format", "json"});
  ::unsetenv("BULWARK_REGISTRY_USERNAME");
  ::unsetenv("BULWARK_REGISTRY_PASSWORD");
  INFO(scanned.err);
  REQUIRE(scanned.exitCode == 0);
  CHECK(scanned.out.find("\"minimist\"") != std::string::npos);
  RunResult listed = runBulwark({"images", "list", "--store", store, "--format", "json"});
  CHECK(listed.out.find(digest) != std::string::npos);
  CHECK(listed.out.find(image) != std::string::npos);
}
