// Follow mode: appended lines, partial lines, rotation, truncation and restart from a saved
// position without losing or repeating a line.
#include <catch2/catch.hpp>
#include <fstream>

#include "detect/follow.h"
#include "support/test_support.h"

using namespace bulwark::detect;
using bulwark::test::TempDir;
namespace fs = std::filesystem;

namespace {

void append(const fs::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::app | std::ios::binary);
  out << text;
}

std::string line(int n) {
  return "Mar  3 10:00:" + std::string(n < 10 ? "0" : "") + std::to_string(n % 60) +
         " srv sshd[1]: Failed password for root from 192.0.2." + std::to_string(n) +
         " port 22 ssh2\n";
}

// The last octets of the addresses of the events one poll returns, and their line numbers.
struct Polled {
  std::vector<std::string> ips;
  std::vector<uint64_t> lines;
  std::vector<std::string> files;
};

Polled poll(Follower& f, KeyTable& keys) {
  Polled p;
  f.poll([&](Event&& e) {
    std::string ip(e.get(keys::kIp, keys));
    p.ips.push_back(ip.substr(ip.rfind('.') + 1));
    p.lines.push_back(e.line);
    p.files.push_back(*e.file);
  });
  return p;
}

using V = std::vector<std::string>;

}  // namespace

TEST_CASE("follow reads appended complete lines, across rotation and truncation",
          "[detect][follow]") {
  TempDir dir;
  fs::path log = dir / "auth.log";
  KeyTable keys;
  ReaderOptions options;
  options.defaultYear = 2026;
  Follower f("auth.log", log.string(), keys, options);
  CHECK(poll(f, keys).ips.empty());  // not there yet

  append(log, line(1) + line(2) + line(3));
  auto first = poll(f, keys);
  CHECK(first.ips == V{"1", "2", "3"});
  CHECK(first.lines == std::vector<uint64_t>{1, 2, 3});
  CHECK(poll(f, keys).ips.empty());

  std::string partial = line(5);
  append(log, line(4) + partial.substr(0, 20));
  CHECK(poll(f, keys).ips == V{"4"});
  append(log, partial.substr(20));
  auto completed = poll(f, keys);
  CHECK(completed.ips == V{"5"});
  CHECK(completed.lines == std::vector<uint64_t>{5});

  // logrotate: rename, the daemon writes one more line to the old file, a new file appears.
  fs::rename(log, dir / "auth.log.1");
  append(dir / "auth.log.1", line(6));
  append(log, line(7) + line(8));
  auto rotated = poll(f, keys);
  CHECK(rotated.ips == V{"6", "7", "8"});
  CHECK(rotated.lines == std::vector<uint64_t>{6, 1, 2});
  CHECK(rotated.files[0] == (dir / "auth.log.1").string());

  // copytruncate: same file, emptied, then written again.
  fs::resize_file(log, 0);
  append(log, line(9));
  CHECK(poll(f, keys).ips == V{"9"});
  CHECK(f.position().offset == line(9).size());
}

TEST_CASE("follow resumes from a saved position without loss or repeats", "[detect][follow]") {
  TempDir dir;
  fs::path log = dir / "auth.log";
  KeyTable keys;
  ReaderOptions options;
  append(log, line(1) + line(2));
  FollowPosition saved;
  {
    Follower f("syslog", log.string(), keys, options);
    CHECK(poll(f, keys).ips == V{"1", "2"});
    saved = f.position();
  }
  CHECK(saved.source == "syslog:" + log.string());
  append(log, line(3));
  {
    Follower f("syslog", log.string(), keys, options);
    f.restore(saved);
    auto resumed = poll(f, keys);
    CHECK(resumed.ips == V{"3"});
    CHECK(resumed.lines == std::vector<uint64_t>{3});
    saved = f.position();
  }
  // Rotated while stopped: the rest of the old file comes from auth.log.1, then the new one.
  append(log, line(4));
  fs::rename(log, dir / "auth.log.1");
  append(log, line(5));
  Follower f("syslog", log.string(), keys, options);
  f.restore(saved);
  CHECK(poll(f, keys).ips == V{"4", "5"});

  CHECK_THROWS_WITH(Follower("csv", log.string(), keys, options),
                    Catch::Contains("cannot be followed"));
}
