// OCI layouts and docker-archives built here: tags, platforms, tar and folder forms, digest
// verification, broken metadata.
#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>

#include "image/image_error.h"
#include "image/image_source.h"
#include "image/layer_builder.h"
#include "image/merged_view.h"
#include "support/test_support.h"

namespace {

using namespace bulwark::image;
using bulwark::test::file;
using bulwark::test::OciLayoutBuilder;
using bulwark::test::TarEntry;
using bulwark::test::TempDir;

std::vector<TarEntry> npmLayer(const std::string& name, const std::string& version) {
  return {file("app/node_modules/" + name + "/package.json",
               R"({"name":")" + name + R"(","version":")" + version + R"("})")};
}

std::vector<std::string> names(const ImageContent& image) {
  std::vector<std::string> out;
  for (const auto& p : mergeLayers(image.results).packages)
    out.push_back(p.name + "@" + p.version);
  return out;
}

ImageContent read(const std::string& text, const std::string& platform = "linux/amd64") {
  static AnalyserList analysers = allAnalysers(ImageLimits{});
  return readImage(parseImageReference(text), parsePlatform(platform), analysers, ImageLimits{});
}

std::string errorOf(const std::string& text, const std::string& platform = "linux/amd64") {
  try {
    read(text, platform);
  } catch (const ImageError& e) {
    return e.what();
  }
  return "";
}

// A tar of every file under `dir`, named relative to it.
std::string tarOf(const std::filesystem::path& dir) {
  std::vector<TarEntry> entries;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir))
    if (e.is_regular_file())
      entries.push_back(file(std::filesystem::relative(e.path(), dir).string(),
                             bulwark::test::readFile(e.path())));
  return bulwark::test::makeTar(entries);
}

}  // namespace

TEST_CASE("image references and platforms parse", "[image][reference]") {
  auto ref = parseImageReference("oci:/tmp/x/layout:v1");
  CHECK(ref.path == "/tmp/x/layout");
  CHECK(ref.tag == "v1");
  CHECK(parseImageReference("oci:/tmp/x/layout").tag.empty());
  CHECK(parseImageReference("docker-archive:/a:b/c.tar").path == "/a:b/c.tar");
  CHECK_THROWS_AS(parseImageReference("registry:foo"), ImageError);
  CHECK_THROWS_AS(parseImageReference("nonsense"), ImageError);
  CHECK(parsePlatform("linux/arm64/v8").variant == "v8");
  CHECK_THROWS_AS(parsePlatform("linux"), ImageError);
}

TEST_CASE("OCI layouts: folder and tar, tags, platforms in an image index", "[image][oci]") {
  TempDir tmp;
  OciLayoutBuilder layout(tmp / "layout");
  std::string amd = layout.addManifest(
      {npmLayer("lodash", "4.17.15"), npmLayer("minimist", "1.2.0")}, "gzip", "linux", "amd64");
  std::string arm = layout.addManifest({npmLayer("lodash", "4.17.21")}, "zstd", "linux", "arm64");
  layout.writeIndex({layout.addImageIndex({amd, arm})}, "multi");
  std::string base = "oci:" + layout.dir().string();

  auto image = read(base + ":multi");
  CHECK(names(image) == std::vector<std::string>{"lodash@4.17.15", "minimist@1.2.0"});
  CHECK(image.digest == nlohmann::json::parse(amd)["digest"]);
  CHECK(image.layers.size() == 2);
  CHECK(names(read(base, "linux/arm64")) == std::vector<std::string>{"lodash@4.17.21"});
  std::string e = errorOf(base, "linux/s390x");
  CHECK(e.find("no image for platform linux/s390x") != std::string::npos);
  CHECK(e.find("linux/arm64") != std::string::npos);
  // A single-platform image must be the platform asked for.
  OciLayoutBuilder other(tmp / "single");
  other.writeIndex({other.addManifest({npmLayer("a", "1.0.0")}, "none", "linux", "arm64")});
  CHECK(errorOf("oci:" + other.dir().string(), "linux/amd64").find("not the platform asked for") !=
        std::string::npos);
  CHECK(errorOf(base + ":nope").find("no image tagged 'nope' (tags: multi)") != std::string::npos);

  bulwark::test::writeFile(tmp / "layout.tar", tarOf(layout.dir()));
  CHECK(names(read("oci:" + (tmp / "layout.tar").string() + ":multi")) ==
        std::vector<std::string>{"lodash@4.17.15", "minimist@1.2.0"});
}

TEST_CASE("OCI layouts: several images need a tag", "[image][oci]") {
  TempDir tmp;
  OciLayoutBuilder layout(tmp / "layout");
  layout.writeIndex({layout.addManifest({npmLayer("a", "1.0.0")}, "none"),
                     layout.addManifest({npmLayer("b", "1.0.0")}, "none")});
  CHECK(errorOf("oci:" + layout.dir().string()).find("holds 2 images") != std::string::npos);
}

TEST_CASE("OCI layouts: tampered blobs and broken metadata are refused", "[image][oci][garbage]") {
  TempDir tmp;
  OciLayoutBuilder layout(tmp / "layout");
  std::string d = layout.addManifest({npmLayer("lodash", "4.17.15")}, "gzip");
  layout.writeIndex({d});
  auto manifest = nlohmann::json::parse(
      bulwark::test::readFile(layout.dir() / "blobs/sha256" /
                              nlohmann::json::parse(d)["digest"].get<std::string>().substr(7)));
  std::string layerDigest = manifest["layers"][0]["digest"];
  auto layerFile = layout.dir() / "blobs/sha256" / layerDigest.substr(7);
  std::string original = bulwark::test::readFile(layerFile);
  std::string ref = "oci:" + layout.dir().string();
  REQUIRE(errorOf(ref).empty());

  bulwark::test::writeFile(layerFile,
                           bulwark::test::makeTar(npmLayer("lodash", "4.17.21"), "gzip"));
  std::string e = errorOf(ref);
  CHECK(e.find(layerDigest) != std::string::npos);
  CHECK(e.find("digest mismatch") != std::string::npos);

  bulwark::test::writeFile(layerFile, original);
  bulwark::test::writeFile(layout.dir() / "index.json", "{\"manifests\": [");
  e = errorOf(ref);
  CHECK(e.find("index.json: byte ") != std::string::npos);
  CHECK(errorOf("oci:" + (tmp / "missing").string()).find("no such file") != std::string::npos);
}

TEST_CASE("docker-archive tarballs: layers verified against the config's diff ids",
          "[image][docker-archive]") {
  TempDir tmp;
  std::string layer1 = bulwark::test::makeTar(npmLayer("minimist", "1.2.0"));
  std::string layer2 = bulwark::test::makeTar(npmLayer("lodash", "4.17.15"), "gzip");
  std::string layer2Plain = bulwark::test::makeTar(npmLayer("lodash", "4.17.15"));
  auto build = [&](const std::string& diff2) {
    nlohmann::json config = {
        {"os", "linux"},
        {"architecture", "amd64"},
        {"rootfs", {{"diff_ids", {bulwark::test::sha256Digest(layer1), diff2}}}}};
    std::string configText = config.dump();
    nlohmann::json manifest = nlohmann::json::array({{{"Config", "config.json"},
                                                      {"RepoTags", {"t:1"}},
                                                      {"Layers", {"l1/layer.tar", "l2.tar"}}}});
    return bulwark::test::makeTar({file("l1/layer.tar", layer1), file("l2.tar", layer2),
                                   file("config.json", configText),
                                   file("manifest.json", manifest.dump())});
  };
  bulwark::test::writeFile(tmp / "good.tar", build(bulwark::test::sha256Digest(layer2Plain)));
  auto image = read("docker-archive:" + (tmp / "good.tar").string());
  CHECK(names(image) == std::vector<std::string>{"lodash@4.17.15", "minimist@1.2.0"});
  CHECK(image.tags == std::vector<std::string>{"t:1"});
  CHECK(image.layers[1].digest == bulwark::test::sha256Digest(layer2Plain));

  bulwark::test::writeFile(tmp / "bad.tar", build(bulwark::test::sha256Digest(layer1)));
  CHECK(errorOf("docker-archive:" + (tmp / "bad.tar").string()).find("diff id mismatch") !=
        std::string::npos);
  bulwark::test::writeFile(tmp / "garbage.tar", std::string(3000, 'g'));
  CHECK_FALSE(errorOf("docker-archive:" + (tmp / "garbage.tar").string()).empty());
}
