// The compiled prefilter cached between runs answers exactly as a fresh compile, and a cache
// file that is garbage, made for other patterns, or writable by others is not used.
#include <sys/stat.h>
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>

#include "detect/rules/prefilter_cache.h"
#include "detect/rules/regex_prefilter.h"
#include "support/test_support.h"

using namespace bulwark::detect;
namespace fs = std::filesystem;

namespace {

// Points the cache at a private folder for the test's lifetime.
class CacheDirScope {
 public:
  explicit CacheDirScope(const std::string& dir) {
    if (const char* old = std::getenv("BULWARK_CACHE_DIR")) old_ = old;
    ::setenv("BULWARK_CACHE_DIR", dir.c_str(), 1);
  }
  ~CacheDirScope() {
    if (old_)
      ::setenv("BULWARK_CACHE_DIR", old_->c_str(), 1);
    else
      ::unsetenv("BULWARK_CACHE_DIR");
  }

 private:
  std::optional<std::string> old_;
};

const std::vector<std::string> kPatterns = {"\\bhistory\\s+-c\\b", "(?i)wp-login\\.php",
                                            "stratum\\+tcp://", "(?U)a+b", "\\d{4}"};

std::string answers(const RegexPrefilter& prefilter) {
  std::mt19937 rng(5);
  const std::string alphabet = "histoy -cWP-LOGIN.phpstratum+tcp://ab0123";
  std::string out;
  for (int i = 0; i < 3000; ++i) {
    std::string value;
    for (size_t j = rng() % 30; j > 0; --j)
      value += alphabet[rng() % alphabet.size()];
    std::set<uint32_t> ids;
    prefilter.scan(value, [&](uint32_t id) { ids.insert(id); });
    for (uint32_t id : ids)
      out += std::to_string(id);
    out += ';';
  }
  return out;
}

std::vector<fs::path> cacheFiles(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(dir))
    out.push_back(e.path());
  return out;
}

}  // namespace

TEST_CASE("prefilter cache: a second build loads what the first compiled", "[detectperf][cache]") {
  bulwark::test::TempDir tmp;
  const fs::path dir = tmp.path() / "cache";
  CacheDirScope scope(dir.string());
  RegexPrefilter fresh;
  REQUIRE(fresh.build(kPatterns));
  auto files = cacheFiles(dir);
  REQUIRE(files.size() == 1);
  CHECK((fs::status(dir).permissions() & fs::perms::all) == fs::perms::owner_all);
  const std::string expected = answers(fresh);

  const auto written = fs::last_write_time(files[0]);
  RegexPrefilter cached;
  REQUIRE(cached.build(kPatterns));
  CHECK(fs::last_write_time(files[0]) == written);  // loaded, not compiled and stored again
  CHECK(cached.refused() == fresh.refused());
  CHECK(cached.refused() == 1);
  CHECK(answers(cached) == expected);

  RegexPrefilter other;  // other patterns get their own file
  REQUIRE(other.build({"foo", "ba+r"}));
  CHECK(cacheFiles(dir).size() == 2);
  for (int i = 0; i < 70; ++i) {  // and the folder stays bounded
    RegexPrefilter many;
    REQUIRE(many.build({"pattern" + std::to_string(i)}));
  }
  CHECK(cacheFiles(dir).size() == 64);
}

TEST_CASE("prefilter cache: garbage, foreign and exposed files are not used",
          "[detectperf][cache]") {
  bulwark::test::TempDir tmp;
  const fs::path dir = tmp.path() / "cache";
  CacheDirScope scope(dir.string());
  std::string expected;
  fs::path file;
  {
    RegexPrefilter fresh;
    REQUIRE(fresh.build(kPatterns));
    expected = answers(fresh);
    file = cacheFiles(dir).at(0);
  }
  auto rebuiltAnswers = [&]() {
    RegexPrefilter p;
    REQUIRE(p.build(kPatterns));
    return answers(p);
  };
  std::string good;
  {
    std::ifstream in(file, std::ios::binary);
    good.assign(std::istreambuf_iterator<char>(in), {});
  }
  auto write = [&](const std::string& content) {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out << content;
  };

  write("not a cache file at all");
  CHECK(rebuiltAnswers() == expected);
  write(good.substr(0, good.size() / 2));  // truncated
  CHECK(rebuiltAnswers() == expected);
  std::string flipped = good;  // the database bytes damaged
  for (size_t i = flipped.size() - 200; i < flipped.size(); ++i)
    flipped[i] = static_cast<char>(flipped[i] ^ 0x5A);
  write(flipped);
  CHECK(rebuiltAnswers() == expected);

  // A valid database for other patterns, filed under this key's name: its key differs.
  bulwark::test::TempDir otherTmp;
  {
    CacheDirScope otherScope((otherTmp.path() / "c").string());
    RegexPrefilter foreign;
    REQUIRE(foreign.build({"zzz"}));
    std::ifstream in(cacheFiles(otherTmp.path() / "c").at(0), std::ios::binary);
    write(std::string(std::istreambuf_iterator<char>(in), {}));
  }
  CHECK(rebuiltAnswers() == expected);

  // Exposed to other users: ignored on load (and the rebuild does not trust the folder either).
  write(good);
  ::chmod(file.c_str(), 0666);
  CHECK_FALSE(loadCachedPrefilter("anything").has_value());
  CHECK(rebuiltAnswers() == expected);
  ::chmod(file.c_str(), 0600);
  ::chmod(dir.c_str(), 0777);
  CHECK(rebuiltAnswers() == expected);
  ::chmod(dir.c_str(), 0700);
}
