// Image references, WWW-Authenticate challenges and registry notification envelopes: the text
// the scan-on-push path reads from outside.
#include <catch2/catch.hpp>

#include "push/registry_events.h"
#include "registry/auth_challenge.h"
#include "registry/image_pull.h"
#include "registry/image_reference.h"

using namespace bulwark::registry;
using bulwark::containers::EventsError;
using bulwark::containers::parseRegistryEvents;

namespace {
const std::string kDigest =
    "sha256:c86979a944b3903bfc906199b18a3ede7ad4d0d5b675139363d13349b55f17ec";
}

TEST_CASE("image references name registry, repository, tag and digest") {
  auto local = parseImageReference("127.0.0.1:5000/team/app:1.2");
  CHECK(local.registry == "127.0.0.1:5000");
  CHECK(local.repository == "team/app");
  CHECK(local.tag == "1.2");
  CHECK(local.manifestReference() == "1.2");

  auto pinned = parseImageReference("localhost/app@" + kDigest);
  CHECK(pinned.registry == "localhost");
  CHECK(pinned.tag.empty());
  CHECK(pinned.manifestReference() == kDigest);

  auto hub = parseImageReference("debian");
  CHECK(hub.registry == "registry-1.docker.io");
  CHECK(hub.repository == "library/debian");
  CHECK(hub.tag == "latest");
  CHECK(parseImageReference("reg.example:443/a/b:t@" + kDigest).text() ==
        "reg.example:443/a/b:t@" + kDigest);
}

TEST_CASE("bad image references are refused naming the wrong part") {
  CHECK_THROWS_WITH(parseImageReference(""), Catch::Contains("empty"));
  CHECK_THROWS_WITH(parseImageReference("r.example/App:1"), Catch::Contains("repository 'App'"));
  CHECK_THROWS_WITH(parseImageReference("r.example/app:bad/tag"), Catch::Contains("repository"));
  CHECK_THROWS_WITH(parseImageReference("r.example/app:-x"), Catch::Contains("tag '-x'"));
  CHECK_THROWS_WITH(parseImageReference("r.example/app@sha256:abc"), Catch::Contains("digest"));
  CHECK_THROWS_WITH(parseImageReference("r.example/a//b"), Catch::Contains("repository"));
  CHECK_FALSE(isSha256Digest("sha256:" + std::string(64, 'G')));
  CHECK(isSha256Digest(kDigest));
}

TEST_CASE("WWW-Authenticate challenges are read as registries send them") {
  auto bearer = parseAuthChallenge(
      R"(Bearer realm="https://auth.example/token",service="registry.example",scope="repository:a/b:pull")");
  CHECK(bearer.scheme == "bearer");
  CHECK(bearer.param("realm") == "https://auth.example/token");
  CHECK(bearer.param("service") == "registry.example");
  CHECK(bearer.param("scope") == "repository:a/b:pull");
  auto basic = parseAuthChallenge(R"(Basic realm="basic-realm")");
  CHECK(basic.scheme == "basic");
  CHECK(basic.param("realm") == "basic-realm");
  auto broken = parseAuthChallenge(R"(Bearer realm="unterminated)");
  CHECK(broken.scheme == "bearer");
  CHECK(parseAuthChallenge("").scheme.empty());
}

TEST_CASE("registry notifications: manifest pushes are kept, the rest ignored") {
  std::string body = R"({"events":[
    {"id":"e1","action":"push","target":{"mediaType":"application/vnd.oci.image.manifest.v1+json",
      "digest":")" + kDigest +
                     R"(","repository":"demo/app","tag":"1",
      "url":"http://127.0.0.1:5000/v2/demo/app/manifests/)" +
                     kDigest + R"("},"request":{"host":"127.0.0.1:5000"}},
    {"id":"e2","action":"pull","target":{"mediaType":"application/vnd.oci.image.manifest.v1+json",
      "digest":")" + kDigest +
                     R"(","repository":"demo/app"}},
    {"id":"e3","action":"push","target":{"mediaType":"application/octet-stream",
      "digest":")" + kDigest +
                     R"(","repository":"demo/app"}}]})";
  auto batch = parseRegistryEvents(body);
  REQUIRE(batch.pushes.size() == 1);
  CHECK(batch.ignored == 2);
  CHECK(batch.pushes[0].registry == "127.0.0.1:5000");
  CHECK(batch.pushes[0].repository == "demo/app");
  CHECK(batch.pushes[0].digest == kDigest);
  CHECK(batch.pushes[0].tag == "1");
}

TEST_CASE("malformed notifications are refused naming the place") {
  CHECK_THROWS_WITH(parseRegistryEvents(R"({"events":[{"id":)"), Catch::Contains("byte"));
  CHECK_THROWS_WITH(parseRegistryEvents(R"({"evts":[]})"), Catch::Contains("\"events\""));
  CHECK_THROWS_WITH(parseRegistryEvents(R"({"events":[1]})"), Catch::Contains("events[0]"));
  std::string badDigest = R"({"events":[{"action":"push","target":{"mediaType":
    "application/vnd.docker.distribution.manifest.v2+json","digest":"md5:x","repository":"a",
    "url":"http://r:1/v2/a/manifests/x"}}]})";
  CHECK_THROWS_WITH(parseRegistryEvents(badDigest), Catch::Contains("events[0].target.digest"));
  std::string hostile = R"({"events":[{"action":"push","target":{"mediaType":
    "application/vnd.docker.distribution.manifest.v2+json","digest":")" +
                        kDigest + R"(","repository":"../../etc","url":"http://r:1/v2/x"}}]})";
  CHECK_THROWS_WITH(parseRegistryEvents(hostile), Catch::Contains("repository"));
}

TEST_CASE("malformed image manifests are refused naming the part") {
  const std::string digest = "sha256:" + std::string(64, 'a');
  CHECK_THROWS_WITH(parseImageManifest("{\"config\":", "r/x@v1"),
                    Catch::Contains("r/x@v1") && Catch::Contains("not a JSON object"));
  CHECK_THROWS_WITH(parseImageManifest("{}", "r/x@v1"), Catch::Contains("no config"));
  CHECK_THROWS_WITH(
      parseImageManifest(R"({"config":{"digest":"md5:1","size":1},"layers":[]})", "r/x@v1"),
      Catch::Contains("config descriptor has no valid sha256 digest"));
  CHECK_THROWS_WITH(
      parseImageManifest(R"({"config":{"digest":")" + digest + R"(","size":-4},"layers":[]})",
                         "r/x@v1"),
      Catch::Contains("no valid size"));
  CHECK_THROWS_WITH(parseImageManifest(R"({"config":{"digest":")" + digest +
                                           R"(","size":4},"layers":[{"digest":"x"}]})",
                                       "r/x@v1"),
                    Catch::Contains("layer 0 descriptor"));
  auto ok = parseImageManifest(
      R"({"config":{"digest":")" + digest + R"(","size":4},"layers":[{"digest":")" + digest +
          R"(","size":9,"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip"}]})",
      "r/x@v1");
  REQUIRE(ok.layers.size() == 1);
  CHECK(ok.layers[0].size == 9);
}
