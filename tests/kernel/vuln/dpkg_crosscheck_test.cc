// The dpkg comparator against the real `dpkg --compare-versions` on seeded random pairs shaped
// like Debian versions (epochs, ~rc, +dfsg, +debNuM, ~bpo, ubuntu revisions). The oracle runs
// as one shell script per batch so thousands of pairs stay fast.
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "support/test_support.h"
#include "vuln/version/compare.h"

namespace {

class DebianVersionGenerator {
 public:
  explicit DebianVersionGenerator(uint32_t seed) : rng_(seed) {}

  std::string version() {
    std::string v;
    if (chance(15)) v += std::to_string(pick(1, 3)) + ":";
    v += upstream();
    if (chance(85)) v += "-" + revision();
    return v;
  }

  // A version close to `base`, so that pairs often share prefixes and hit the tricky rules.
  std::string neighbour(const std::string& base) {
    std::string v = base;
    switch (pick(0, 5)) {
      case 0:
        return version();
      case 1: {  // bump or change one digit
        std::vector<size_t> digits;
        for (size_t i = 0; i < v.size(); ++i)
          if (isdigit(static_cast<unsigned char>(v[i]))) digits.push_back(i);
        if (!digits.empty())
          v[digits[pick(0, static_cast<int>(digits.size()) - 1)]] =
              static_cast<char>('0' + pick(0, 9));
        return v;
      }
      case 2:  // append a suffix to the upstream or revision
        return v + pickOf({"~rc1", "+b1", "~deb12u1", "+deb11u2", ".1", "a", "~", "+really1.0"});
      case 3: {  // drop or add an epoch
        size_t colon = v.find(':');
        return colon == std::string::npos ? "1:" + v : v.substr(colon + 1);
      }
      case 4: {  // change the revision
        size_t dash = v.rfind('-');
        return (dash == std::string::npos ? v : v.substr(0, dash)) + "-" + revision();
      }
      default:
        return v;
    }
  }

 private:
  int pick(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  bool chance(int percent) { return pick(1, 100) <= percent; }
  std::string pickOf(std::initializer_list<const char*> options) {
    auto it = options.begin();
    std::advance(it, pick(0, static_cast<int>(options.size()) - 1));
    return *it;
  }
  std::string number() {
    return chance(10) ? "0" + std::to_string(pick(0, 9))
                      : std::to_string(pick(0, chance(20) ? 2024 : 12));
  }
  std::string upstream() {
    std::string u = number();
    int parts = pick(0, 3);
    for (int i = 0; i < parts; ++i)
      u += "." + number();
    if (chance(10)) u += pickOf({"a", "b", "p1", "g"});
    if (chance(25))
      u += pickOf({"~rc1", "~rc2", "~beta3", "~~", "~", "+dfsg", "+dfsg1", "+ds", "+git20230101",
                   "+really2.0", "~pre1+dfsg"});
    return u;
  }
  std::string revision() {
    std::string r = std::to_string(pick(0, 5));
    if (chance(30))
      r += pickOf({"+deb12u1", "+deb11u3", "~deb10u1", "ubuntu1", "ubuntu0.20.04.1", "~bpo11+1",
                   "+b2", ".1", "build1", "~exp1"});
    return r;
  }

  std::mt19937 rng_;
};

// Writes one shell script per batch that prints "<", "=" or ">" per pair, from dpkg itself, and
// runs the batches two at a time (the machine is shared).
std::vector<std::vector<int>> dpkgOracle(
    const std::vector<std::vector<std::pair<std::string, std::string>>>& batches,
    const bulwark::test::TempDir& dir) {
  std::string command;
  for (size_t b = 0; b < batches.size(); ++b) {
    auto script = dir / ("batch" + std::to_string(b) + ".sh");
    std::ofstream s(script);
    s << "#!/bin/sh\n";
    for (const auto& [x, y] : batches[b]) {
      s << "if dpkg --compare-versions '" << x << "' lt '" << y << "'; then echo '<'; "
        << "elif dpkg --compare-versions '" << x << "' eq '" << y << "'; then echo '='; "
        << "else echo '>'; fi\n";
    }
    command += "/bin/sh '" + script.string() + "' > '" + script.string() + ".out' 2>&1 &\n";
    if (b % 2 == 1 || b + 1 == batches.size()) command += "wait\n";
  }
  int status = std::system(command.c_str());
  REQUIRE(WIFEXITED(status));
  std::vector<std::vector<int>> results(batches.size());
  for (size_t b = 0; b < batches.size(); ++b) {
    std::ifstream in(dir / ("batch" + std::to_string(b) + ".sh.out"));
    std::string line;
    while (std::getline(in, line))
      results[b].push_back(line == "<" ? -1 : line == "=" ? 0 : line == ">" ? 1 : 99);
  }
  return results;
}

}  // namespace

TEST_CASE("dpkg comparator agrees with dpkg --compare-versions on generated pairs",
          "[vuln][version][dpkg]") {
  if (std::system("command -v dpkg > /dev/null 2>&1") != 0) {
    BULWARK_SKIP("dpkg is not installed; skipping the cross-check");
    return;
  }
  constexpr int kBatches = 4;
  constexpr int kPairsPerBatch = 750;
  DebianVersionGenerator gen(20260629);
  std::vector<std::vector<std::pair<std::string, std::string>>> batches(kBatches);
  for (auto& batch : batches) {
    for (int i = 0; i < kPairsPerBatch; ++i) {
      std::string a = gen.version();
      batch.emplace_back(a, gen.neighbour(a));
    }
  }
  bulwark::test::TempDir dir;
  std::vector<std::vector<int>> expected = dpkgOracle(batches, dir);

  int compared = 0, agreed = 0, less = 0, equal = 0, greater = 0;
  for (int b = 0; b < kBatches; ++b) {
    REQUIRE(expected[b].size() == batches[b].size());
    for (size_t i = 0; i < batches[b].size(); ++i) {
      const auto& [x, y] = batches[b][i];
      int want = expected[b][i];
      int got = bulwark::vuln::compareDpkg(x, y);
      got = got < 0 ? -1 : (got > 0 ? 1 : 0);
      ++compared;
      less += want == -1;
      equal += want == 0;
      greater += want == 1;
      if (got == want)
        ++agreed;
      else
        UNSCOPED_INFO(x << " vs " << y << ": dpkg says " << want << ", we say " << got);
    }
  }
  std::cout << "dpkg cross-check: " << agreed << "/" << compared << " pairs agree (dpkg: " << less
            << " lt, " << equal << " eq, " << greater << " gt)\n";
  CHECK(compared == kBatches * kPairsPerBatch);
  CHECK(agreed == compared);
  // The generator must exercise all three outcomes, or the check proves little.
  CHECK(less > 100);
  CHECK(greater > 100);
  CHECK(equal > 10);
}
