// Layers built here, hostile ones included: names, links, bombs, corrupt streams, whiteouts.
#include <catch2/catch.hpp>

#include "image/analyser.h"
#include "image/entry_path.h"
#include "image/image_error.h"
#include "image/layer_builder.h"
#include "image/layer_walker.h"
#include "image/merged_view.h"

namespace {

using namespace bulwark::image;
using bulwark::test::file;
using bulwark::test::hardlinkTo;
using bulwark::test::makeTar;
using bulwark::test::symlinkTo;
using bulwark::test::TarEntry;

class StringReader : public ByteReader {
 public:
  explicit StringReader(std::string data) : data_(std::move(data)) {}
  size_t read(char* buffer, size_t size) override {
    size_t n = std::min(size, data_.size() - pos_);
    std::copy(data_.data() + pos_, data_.data() + pos_ + n, buffer);
    pos_ += n;
    return n;
  }

 private:
  std::string data_;
  size_t pos_ = 0;
};

LayerResult walk(const std::string& blob, const std::string& digest = "sha256:layer",
                 const ImageLimits& limits = ImageLimits{}) {
  static AnalyserList analysers = allAnalysers(ImageLimits{});
  StringReader reader(blob);
  return walkLayer(reader, digest, analysers, limits);
}

std::string errorOf(const std::string& blob, const ImageLimits& limits = ImageLimits{}) {
  try {
    walk(blob, "sha256:hostile", limits);
  } catch (const ImageError& e) {
    return e.what();
  }
  return "";
}

const std::string kStatusA =
    "Package: zlib1g\nStatus: install ok installed\nVersion: 1:1.2.13.dfsg-1\n"
    "Architecture: amd64\nSource: zlib\n\n";
const std::string kStatusB = kStatusA +
                             "Package: openssl\nStatus: install ok installed\n"
                             "Version: 3.0.11-1~deb12u2\nArchitecture: amd64\n\n";

}  // namespace

TEST_CASE("entry paths are cleaned and hostile ones refused", "[image][paths]") {
  std::string why;
  CHECK(cleanEntryPath("./usr//lib/", why) == std::optional<std::string>("usr/lib"));
  CHECK(cleanEntryPath(".", why) == std::optional<std::string>(""));
  CHECK_FALSE(cleanEntryPath("/etc/passwd", why));
  CHECK(why == "absolute path");
  CHECK_FALSE(cleanEntryPath("usr/../../etc/passwd", why));
  CHECK(why.find("..") != std::string::npos);
  CHECK(symlinkEscapes("a/b/link", "../../../etc/passwd"));
  CHECK_FALSE(symlinkEscapes("a/b/link", "../../etc/passwd"));
  CHECK_FALSE(symlinkEscapes("etc/os-release", "/usr/lib/os-release"));
  CHECK(isUnder("app/node_modules/x/package.json", "app/node_modules"));
  CHECK_FALSE(isUnder("app/node_modules-old/x", "app/node_modules"));
}

TEST_CASE("hostile layer entries are refused naming the layer and the entry", "[image][hostile]") {
  std::string e = errorOf(makeTar({file("/etc/passwd", "root")}));
  CHECK(e.find("sha256:hostile") != std::string::npos);
  CHECK(e.find("'/etc/passwd'") != std::string::npos);
  CHECK(e.find("absolute path") != std::string::npos);

  e = errorOf(makeTar({file("usr/../../etc/shadow", "x")}));
  CHECK(e.find("'usr/../../etc/shadow'") != std::string::npos);
  CHECK(e.find("traversal") != std::string::npos);

  e = errorOf(makeTar({symlinkTo("var/lib/evil", "../../../../etc")}));
  CHECK(e.find("'var/lib/evil'") != std::string::npos);
  CHECK(e.find("escapes the image root") != std::string::npos);

  e = errorOf(makeTar({file("a", "x"), hardlinkTo("b", "../../etc/passwd")}));
  CHECK(e.find("hard link") != std::string::npos);

  // Absolute symlinks resolve inside the image: normal in real images.
  CHECK_NOTHROW(walk(makeTar({symlinkTo("etc/os-release", "/usr/lib/os-release")})));
}

TEST_CASE("decompression bombs and oversize layers are stopped", "[image][hostile]") {
  std::string zeros(8 << 20, '\0');
  std::string bomb = makeTar({file("zeros", zeros)}, "gzip");
  ImageLimits limits;
  limits.ratioFloorBytes = 1 << 20;
  limits.maxRatio = 50;
  REQUIRE(bomb.size() * 50 < zeros.size());
  CHECK(errorOf(bomb, limits).find("decompression ratio") != std::string::npos);

  ImageLimits small;
  small.maxLayerBytes = 1 << 20;
  CHECK(errorOf(makeTar({file("big", std::string(2 << 20, 'x'))}), small).find("cap") !=
        std::string::npos);

  ImageLimits fewEntries;
  fewEntries.maxEntries = 2;
  CHECK(errorOf(makeTar({file("a", ""), file("b", ""), file("c", "")}), fewEntries)
            .find("more than 2 entries") != std::string::npos);
}

TEST_CASE("corrupt and garbage layers give errors, not crashes", "[image][garbage]") {
  std::string gz = makeTar({file("var/lib/dpkg/status", kStatusA)}, "gzip");
  CHECK_FALSE(errorOf(gz.substr(0, gz.size() / 2)).empty());
  std::string garbage;
  for (int i = 0; i < 5000; ++i)
    garbage += static_cast<char>((i * 7919) % 251);
  CHECK(errorOf(garbage).find("sha256:hostile") != std::string::npos);
  std::string flipped = gz;
  flipped[flipped.size() / 2] ^= 0x55;
  CHECK_FALSE(errorOf(flipped).empty());
}

TEST_CASE("a layer's digests cover every byte, compressed and not", "[image][digest]") {
  std::string plain = makeTar({file("var/lib/dpkg/status", kStatusA)});
  for (const char* compression : {"gzip", "zstd"}) {
    std::string blob = makeTar({file("var/lib/dpkg/status", kStatusA)}, compression);
    LayerResult r = walk(blob);
    CHECK(r.blobDigest == bulwark::test::sha256Digest(blob));
    CHECK(r.diffId == bulwark::test::sha256Digest(plain));
    CHECK(r.compressedBytes == static_cast<int64_t>(blob.size()));
    REQUIRE(r.files.count("var/lib/dpkg/status") == 1);
    CHECK(r.files["var/lib/dpkg/status"].packages.size() == 1);
  }
}

TEST_CASE("whiteouts and opaque folders hide lower layers in the merged view", "[image][merge]") {
  auto pkg = [](const std::string& name, const std::string& version) {
    return "{\"name\":\"" + name + "\",\"version\":\"" + version + "\"}";
  };
  LayerResult l1 = walk(makeTar({file("var/lib/dpkg/status", kStatusA),
                                 file("app/node_modules/a/package.json", pkg("a", "1.0.0")),
                                 file("app/node_modules/b/package.json", pkg("b", "1.0.0")),
                                 file("opt/lib/node_modules/c/package.json", pkg("c", "1.0.0"))}),
                        "sha256:one");
  LayerResult l2 =
      walk(makeTar({file("var/lib/dpkg/status", kStatusB), file("app/node_modules/.wh.a", ""),
                    file("opt/lib/node_modules/.wh..wh..opq", ""),
                    file("opt/lib/node_modules/d/package.json", pkg("d", "2.0.0"))}),
           "sha256:two");
  CHECK(l2.whiteouts == std::vector<std::string>{"app/node_modules/a"});
  CHECK(l2.opaqueDirs == std::vector<std::string>{"opt/lib/node_modules"});
  MergedImage merged = mergeLayers({l1, l2});
  std::map<std::string, std::string> layerOf;
  for (const auto& p : merged.packages)
    layerOf[p.name] = p.layer;
  CHECK(layerOf.count("a") == 0);
  CHECK(layerOf.count("c") == 0);
  CHECK(layerOf["b"] == "sha256:one");
  CHECK(layerOf["d"] == "sha256:two");
  // The status file was rewritten in layer two; zlib1g was still introduced by layer one.
  CHECK(layerOf["zlib1g"] == "sha256:one");
  CHECK(layerOf["openssl"] == "sha256:two");
  // Without the upper layer, everything from the lower one is there.
  CHECK(mergeLayers({l1}).packages.size() == 4);
}

TEST_CASE("hard links to analysed files are analysed under their own path", "[image][links]") {
  LayerResult r = walk(makeTar(
      {file("usr/lib/node_modules/x/package.json", R"({"name":"x","version":"1.2.3"})"),
       hardlinkTo("app/node_modules/x/package.json", "usr/lib/node_modules/x/package.json")}));
  REQUIRE(r.files.count("app/node_modules/x/package.json") == 1);
  CHECK(r.files["app/node_modules/x/package.json"].packages.at(0).path ==
        "app/node_modules/x/package.json");
}
