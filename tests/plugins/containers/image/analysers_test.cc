// Each analyser over content built here, garbage included: what it finds and what it reports.
#include <archive.h>
#include <archive_entry.h>
#include <sqlite3.h>

#include <catch2/catch.hpp>
#include <memory>

#include "image/analyser.h"
#include "image/layer_walker.h"
#include "support/test_support.h"

namespace {

using namespace bulwark::image;

FileFindings analyse(const std::string& path, const std::string& content, bool executable = false) {
  static AnalyserList analysers = allAnalysers(ImageLimits{});
  FileInfo info{path, static_cast<int64_t>(content.size()), executable};
  REQUIRE(anyAnalyserWants(info, analysers));
  return analyseFile(info, content, "sha256:test", analysers);
}

bool wanted(const std::string& path) {
  static AnalyserList analysers = allAnalysers(ImageLimits{});
  return anyAnalyserWants(FileInfo{path, 100, false}, analysers);
}

std::string zip(const std::vector<std::pair<std::string, std::string>>& files) {
  std::unique_ptr<archive, decltype(&archive_write_free)> a(archive_write_new(),
                                                            archive_write_free);
  archive_write_set_format_zip(a.get());
  std::vector<char> buffer(8 << 20);
  size_t used = 0;
  archive_write_open_memory(a.get(), buffer.data(), buffer.size(), &used);
  for (const auto& [name, data] : files) {
    archive_entry* e = archive_entry_new();
    archive_entry_set_pathname(e, name.c_str());
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_perm(e, 0644);
    archive_entry_set_size(e, static_cast<la_int64_t>(data.size()));
    archive_write_header(a.get(), e);
    archive_write_data(a.get(), data.data(), data.size());
    archive_entry_free(e);
  }
  archive_write_close(a.get());
  return std::string(buffer.data(), used);
}

void be32(std::string& out, uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8)
    out += static_cast<char>((v >> shift) & 0xff);
}

// An RPM header blob with string tags and an int32 epoch.
std::string rpmHeader(const std::vector<std::pair<uint32_t, std::string>>& strings, int epoch) {
  std::string index, data;
  for (const auto& [tag, value] : strings) {
    be32(index, tag);
    be32(index, 6);
    be32(index, static_cast<uint32_t>(data.size()));
    be32(index, 1);
    data += value + '\0';
  }
  if (epoch >= 0) {
    while (data.size() % 4)
      data += '\0';
    be32(index, 1003);
    be32(index, 4);
    be32(index, static_cast<uint32_t>(data.size()));
    be32(index, 1);
    be32(data, static_cast<uint32_t>(epoch));
  }
  std::string blob;
  be32(blob, static_cast<uint32_t>(index.size() / 16));
  be32(blob, static_cast<uint32_t>(data.size()));
  return blob + index + data;
}

}  // namespace

TEST_CASE("dpkg status: installed packages with source, garbage lines reported by line",
          "[image][dpkg]") {
  auto f = analyse("var/lib/dpkg/status",
                   "Package: libssl3\nStatus: install ok installed\nVersion: 3.0.11-1~deb12u2\n"
                   "Architecture: amd64\nSource: openssl\nDescription: x\n more text\n\n"
                   "Package: gone\nStatus: deinstall ok config-files\nVersion: 1.0\n\n"
                   "this line is garbage\n\n"
                   "Package: libgcc-s1\nStatus: install ok installed\nVersion: 12.2.0-14\n"
                   "Source: gcc-12 (12.2.0-14)\n");
  REQUIRE(f.packages.size() == 2);
  CHECK(f.packages[0].name == "libssl3");
  CHECK(f.packages[0].sourceName == "openssl");
  CHECK(f.packages[0].sourceVersion == "3.0.11-1~deb12u2");
  CHECK(f.packages[0].arch == "amd64");
  CHECK(f.packages[0].layer == "sha256:test");
  CHECK(f.packages[1].sourceName == "gcc-12");
  REQUIRE(f.problems.size() == 1);
  CHECK(f.problems[0].rfind("line 13:", 0) == 0);
  // Distroless: one stanza per file, no Status field.
  auto d = analyse("var/lib/dpkg/status.d/base", "Package: base-files\nVersion: 12.4\n");
  REQUIRE(d.packages.size() == 1);
  CHECK_FALSE(wanted("var/lib/dpkg/status.d/base.md5sums"));
}

TEST_CASE("apk installed database", "[image][apk]") {
  auto f = analyse("lib/apk/db/installed",
                   "C:Q1abc=\nP:musl\nV:1.2.4-r2\nA:x86_64\no:musl\n\nP:libcrypto3\nV:3.1.4-r1\n"
                   "o:openssl\n\nV:no-name\n");
  REQUIRE(f.packages.size() == 2);
  CHECK(f.packages[1].sourceName == "openssl");
  CHECK(f.problems.size() == 1);
}

TEST_CASE("rpmdb.sqlite headers are read and BerkeleyDB and NDB are reported", "[image][rpm]") {
  bulwark::test::TempDir dir;
  std::string path = (dir / "rpmdb.sqlite").string();
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
  sqlite3_exec(db, "CREATE TABLE Packages (hnum INTEGER PRIMARY KEY, blob BLOB NOT NULL)", nullptr,
               nullptr, nullptr);
  std::vector<std::string> blobs = {rpmHeader({{1000, "openssl-libs"},
                                               {1001, "3.0.7"},
                                               {1002, "24.el9"},
                                               {1022, "x86_64"},
                                               {1044, "openssl-3.0.7-24.el9.src.rpm"}},
                                              1),
                                    rpmHeader({{1000, "gpg-pubkey"}, {1001, "fd431d51"}}, -1),
                                    std::string("\0\0\0\x50", 4)};
  for (size_t i = 0; i < blobs.size(); ++i) {
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, "INSERT INTO Packages VALUES (?, ?)", -1, &st, nullptr);
    sqlite3_bind_int(st, 1, static_cast<int>(i + 1));
    sqlite3_bind_blob(st, 2, blobs[i].data(), static_cast<int>(blobs[i].size()), SQLITE_STATIC);
    sqlite3_step(st);
    sqlite3_finalize(st);
  }
  sqlite3_close(db);
  auto f = analyse("var/lib/rpm/rpmdb.sqlite", bulwark::test::readFile(path));
  REQUIRE(f.packages.size() == 1);
  CHECK(f.packages[0].name == "openssl-libs");
  CHECK(f.packages[0].version == "1:3.0.7-24.el9");
  CHECK(f.packages[0].sourceName == "openssl");
  REQUIRE(f.problems.size() == 1);
  CHECK(f.problems[0].find("hnum 3") != std::string::npos);

  auto bdb = analyse("var/lib/rpm/Packages", std::string(4096, '\x61'));
  CHECK(bdb.packages.empty());
  REQUIRE(bdb.problems.size() == 1);
  CHECK(bdb.problems[0].find("BerkeleyDB") != std::string::npos);
  CHECK(analyse("usr/lib/sysimage/rpm/Packages.db", "x").problems.at(0).find("NDB") !=
        std::string::npos);
  CHECK(analyse("var/lib/rpm/rpmdb.sqlite", "not sqlite at all").problems.size() == 1);
}

TEST_CASE("python, npm, gem and cargo metadata", "[image][language]") {
  auto py = analyse("usr/lib/python3/dist-packages/requests-2.28.1.egg-info/PKG-INFO",
                    "Metadata-Version: 2.1\nName: requests\nVersion: 2.28.1\n\nName: body\n");
  REQUIRE(py.packages.size() == 1);
  CHECK(py.packages[0].ecosystem == "PyPI");
  CHECK(py.packages[0].version == "2.28.1");
  CHECK(
      analyse("usr/lib/python3/dist-packages/x-1.dist-info/METADATA", "garbage").problems.size() ==
      1);

  auto npm = analyse("app/node_modules/@babel/core/package.json",
                     R"({"name":"@babel/core","version":"7.0.0"})");
  REQUIRE(npm.packages.size() == 1);
  CHECK(npm.packages[0].name == "@babel/core");
  CHECK_FALSE(wanted("app/node_modules/lodash/fp/package.json"));
  CHECK_FALSE(wanted("app/package.json"));
  auto bad = analyse("app/node_modules/x/package.json", R"({"name": "x", "version": )");
  REQUIRE(bad.problems.size() == 1);
  CHECK(bad.problems[0].rfind("byte ", 0) == 0);

  auto gem = analyse("usr/lib/ruby/gems/3.1.0/specifications/rack-2.2.3.gemspec",
                     "Gem::Specification.new do |s|\n  s.name = \"rack\".freeze\n"
                     "  s.version = \"2.2.3\"\nend\n");
  REQUIRE(gem.packages.size() == 1);
  CHECK(gem.packages[0].version == "2.2.3");
  auto gemByName = analyse("var/lib/gems/specifications/net-ssh-7.0.1.gemspec", "");
  REQUIRE(gemByName.packages.size() == 1);
  CHECK(gemByName.packages[0].name == "net-ssh");

  auto cargo = analyse("src/app/Cargo.lock",
                       "version = 3\n\n[[package]]\nname = \"app\"\nversion = \"0.1.0\"\n\n"
                       "[[package]]\nname = \"smallvec\"\nversion = \"1.6.0\"\n"
                       "source = \"registry+https://github.com/rust-lang/crates.io-index\"\n");
  REQUIRE(cargo.packages.size() == 1);
  CHECK(cargo.packages[0].name == "smallvec");
  CHECK(cargo.packages[0].ecosystem == "crates.io");
}

TEST_CASE("Go build info: main module, dependencies and replacements", "[image][go]") {
  std::string modinfo =
      "0123456789abcdef"
      "path\texample.com/app\nmod\texample.com/app\tv1.4.0\th1:a\n"
      "dep\tgolang.org/x/text\tv0.3.7\th1:b\ndep\tgithub.com/a/b\tv1.0.0\t\n"
      "=>\tgithub.com/c/b\tv1.1.0\th1:c\n"
      "fedcba9876543210";
  std::string binary = std::string(
                           "\x7f"
                           "ELF",
                           4) +
                       std::string(60, '\0');
  binary += std::string("\xff Go buildinf:", 14) + '\x08' + '\x02' + std::string(16, '\0');
  binary += static_cast<char>(8) + std::string("go1.21.5");
  // Length as a two-byte varint.
  binary += static_cast<char>(0x80 | (modinfo.size() & 0x7f));
  binary += static_cast<char>(modinfo.size() >> 7);
  binary += modinfo + std::string(2048, '\0');
  auto f = analyse("usr/local/bin/app", binary, true);
  std::map<std::string, std::string> found;
  for (const auto& p : f.packages)
    found[p.name] = p.version;
  CHECK(found["stdlib"] == "1.21.5");
  CHECK(found["example.com/app"] == "v1.4.0");
  CHECK(found["golang.org/x/text"] == "v0.3.7");
  CHECK(found["github.com/c/b"] == "v1.1.0");
  CHECK(found.count("github.com/a/b") == 0);
  // Truncated: reported, no crash.
  std::string padded = std::string(
                           "\x7f"
                           "ELF",
                           4) +
                       std::string(1084, '\0') + binary.substr(64);
  auto cut = analyse("usr/local/bin/app", padded.substr(0, 1088 + 32 + 9 + 2 + 10), true);
  CHECK(cut.packages.empty());
  REQUIRE(cut.problems.size() == 1);
  CHECK(cut.problems[0].find("truncated Go build info") != std::string::npos);
}

TEST_CASE("Java archives: pom.properties, MANIFEST.MF and nested jars", "[image][java]") {
  std::string inner = zip({{"META-INF/maven/org.yaml/snakeyaml/pom.properties",
                            "groupId=org.yaml\nartifactId=snakeyaml\nversion=1.33\n"}});
  std::string manifestOnly = zip({{"META-INF/MANIFEST.MF",
                                   "Manifest-Version: 1.0\r\nImplementation-Title: tiny\r\n"
                                   "Implementation-Version: 0.9\r\n"}});
  std::string outer = zip({{"META-INF/maven/com.example/app/pom.properties",
                            "groupId=com.example\nartifactId=app\nversion=2.0.0\n"},
                           {"BOOT-INF/lib/snakeyaml-1.33.jar", inner},
                           {"BOOT-INF/lib/tiny.jar", manifestOnly}});
  auto f = analyse("app/app.jar", outer);
  std::map<std::string, std::string> found;
  for (const auto& p : f.packages)
    found[p.name] = p.version + " " + p.path;
  CHECK(found["com.example:app"] == "2.0.0 app/app.jar");
  CHECK(found["org.yaml:snakeyaml"] == "1.33 app/app.jar!/BOOT-INF/lib/snakeyaml-1.33.jar");
  CHECK(found["tiny"] == "0.9 app/app.jar!/BOOT-INF/lib/tiny.jar");
  CHECK(analyse("app/broken.jar", "PK\x03\x04 garbage").problems.size() == 1);
}

TEST_CASE("os-release and debian_version", "[image][os]") {
  auto f = analyse("etc/os-release",
                   "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\nVERSION_ID=\"12\"\n"
                   "VERSION_CODENAME=bookworm\n");
  REQUIRE(f.os);
  CHECK(f.os->id == "debian");
  CHECK(f.os->versionId == "12");
  CHECK(f.os->codename == "bookworm");
  auto dv = analyse("etc/debian_version", "12.4\n");
  REQUIRE(dv.os);
  CHECK(dv.os->versionId == "12");
  CHECK(analyse("etc/os-release", "garbage\n").problems.size() == 1);
}
