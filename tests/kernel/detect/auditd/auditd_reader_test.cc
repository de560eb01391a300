// The raw auditd reader: record parsing and decoding (quoted, hex, split EXECVE arguments,
// ENRICHED names), grouping by serial, mapping to entity fields, and garbage handling.
#include <catch2/catch.hpp>
#include <random>

#include "kernel/detect/detect_test_support.h"

using namespace bulwark::detect;
using bulwark::test::readText;

namespace {

std::string hex(const std::string& text) {
  static const char* kDigits = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

std::string field(const Event& e, KeyTable& keys, const std::string& name) {
  return std::string(e.get(keys.intern(name), keys));
}

const std::string kGs = "\x1d";

// `curl -o /tmp/a b` run by alice (auid 1000) as root, as auditd writes it with
// log_format=ENRICHED: SYSCALL, EXECVE, CWD, PATH, PROCTITLE and EOE sharing serial 900.
std::string execEvent(const std::string& serial = "900") {
  std::string stamp = "msg=audit(1764385200.250:" + serial + "): ";
  return "type=SYSCALL " + stamp +
         "arch=c000003e syscall=59 success=yes exit=0 a0=55d a1=55e a2=55f a3=0 items=2 "
         "ppid=2201 pid=2240 auid=1000 uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 "
         "fsgid=0 tty=pts0 ses=3 comm=\"curl\" exe=\"/usr/bin/curl\" subj=unconfined "
         "key=\"exec\"" +
         kGs + "ARCH=x86_64 SYSCALL=execve AUID=\"alice\" UID=\"root\"\n" + "type=EXECVE " + stamp +
         "argc=4 a0=\"curl\" a1=\"-o\" a2=\"/tmp/a\" a3=" + hex("http://x y") + "\n" + "type=CWD " +
         stamp + "cwd=\"/root\"\n" + "type=PATH " + stamp +
         "item=0 name=\"/usr/bin/curl\" inode=9 dev=08:01 mode=0100755 ouid=0 ogid=0 "
         "rdev=00:00 nametype=NORMAL cap_fp=0" +
         kGs + "OUID=\"root\" OGID=\"root\"\n" + "type=PROCTITLE " + stamp +
         "proctitle=" + hex(std::string("curl\0-o\0/tmp/a\0http://x y", 25)) + "\n" + "type=EOE " +
         stamp + "\n";
}

}  // namespace

TEST_CASE("auditd: the records of one syscall become one event with decoded fields", "[auditd]") {
  KeyTable keys;
  auto r = readText(keys, "auditd", execEvent());
  CHECK(r.stats.failed == 0);
  CHECK(r.stats.lines == 6);
  REQUIRE(r.events.size() == 1);
  const Event& e = r.events[0];
  CHECK(keys.text(e.type) == "audit.syscall");
  CHECK(keys.text(e.source) == "auditd");
  CHECK(e.line == 1);
  CHECK(e.timeNs == 1764385200250000000LL);
  CHECK(e.get(keys::kUser, keys) == "alice");  // the login user, from the ENRICHED AUID
  CHECK(e.get(keys::kProcess, keys) == "curl");
  CHECK(e.get(keys::kPid, keys) == "2240");
  CHECK(e.get(keys::kPath, keys) == "/usr/bin/curl");
  CHECK(field(e, keys, "key") == "exec");
  CHECK(field(e, keys, "auid") == "1000");
  CHECK(field(e, keys, "command") == "curl -o /tmp/a http://x y");
  std::string message(e.get(keys::kMessage, keys));
  CHECK_THAT(message, Catch::Contains("type=EXECVE msg=audit(1764385200.250:900): argc=4 "
                                      "a0=\"curl\" a1=\"-o\" a2=\"/tmp/a\" a3=\"http://x y\""));
  CHECK_THAT(message, Catch::Contains("proctitle=\"curl -o /tmp/a http://x y\""));
  CHECK_THAT(message, Catch::EndsWith("\ncommand: curl -o /tmp/a http://x y"));
  CHECK_THAT(message, !Catch::Contains("type=EOE"));
  CHECK_THAT(message, !Catch::Contains("AUID="));  // the ENRICHED part is not rendered
  CHECK(std::count(e.raw.begin(), e.raw.end(), '\n') == 5);
}

TEST_CASE("auditd: without ENRICHED names the numeric ids are used, uid 0 as root", "[auditd]") {
  KeyTable keys;
  std::string log =
      "type=SYSCALL msg=audit(1764385200.000:1): arch=c000003e syscall=2 success=no exit=-13 "
      "items=1 ppid=1 pid=7 auid=1001 uid=1001 comm=\"cat\" exe=\"/usr/bin/cat\" key=(null)\n"
      "type=EOE msg=audit(1764385200.000:1): \n"
      "type=SYSCALL msg=audit(1764385200.100:2): arch=c000003e syscall=2 success=yes exit=3 "
      "items=1 ppid=1 pid=8 auid=4294967295 uid=0 comm=\"cron\" exe=\"/usr/sbin/cron\" "
      "key=(null)\n"
      "type=EOE msg=audit(1764385200.100:2): \n";
  auto r = readText(keys, "auditd", log);
  REQUIRE(r.events.size() == 2);
  CHECK(r.events[0].get(keys::kUser, keys) == "1001");
  CHECK(r.events[0].get(keys::kStatus, keys) == "no");
  CHECK(!r.events[0].has(keys.intern("key")));
  CHECK(r.events[1].get(keys::kUser, keys) == "root");
  CHECK(!r.events[1].has(keys.intern("auid")));  // unset (-1) is no value
}

TEST_CASE("auditd: hex-encoded names, split EXECVE arguments, several keys, hostile bytes",
          "[auditd]") {
  KeyTable keys;
  std::string stamp = "msg=audit(1764385300.000:77): ";
  std::string log = "type=SYSCALL " + stamp +
                    "syscall=59 success=yes items=1 pid=9 auid=0 uid=0 comm=" + hex("my prog") +
                    " exe=\"/tmp/my\" key=" + hex(std::string("exec\x01root-cmd")) + "\n" +
                    "type=EXECVE " + stamp +
                    "argc=3 a0=\"sh\" a1=\"-c\" a2_len=24 a2[0]=" + hex("echo ok\nmsg=audit") +
                    " a2[1]=\"(1):x\"\n" + "type=PATH " + stamp + "item=0 name=" + hex("/tmp/a b") +
                    " nametype=NORMAL\n" + "type=EOE " + stamp + "\n";
  auto r = readText(keys, "auditd", log);
  CHECK(r.stats.failed == 0);
  REQUIRE(r.events.size() == 1);
  const Event& e = r.events[0];
  CHECK(e.get(keys::kProcess, keys) == "my prog");
  CHECK(e.get(keys::kPath, keys) == "/tmp/a b");
  CHECK(field(e, keys, "key") == "exec,root-cmd");
  // The newline in the argument cannot start a forged record line of its own.
  CHECK(field(e, keys, "command") == "sh -c echo ok msg=audit(1):x");
  std::string message(e.get(keys::kMessage, keys));
  CHECK(std::count(message.begin(), message.end(), '\n') == 3);  // 3 records + command line
}

TEST_CASE("auditd: interleaved events are grouped by serial, and user records stand alone",
          "[auditd]") {
  KeyTable keys;
  std::string a = "msg=audit(1764385400.000:10): ", b = "msg=audit(1764385400.001:11): ";
  std::string log =
      "type=SYSCALL " + a + "syscall=257 success=yes items=1 pid=1 uid=0 comm=\"one\" key=\"k\"\n" +
      "type=SYSCALL " + b + "syscall=257 success=yes items=1 pid=2 uid=0 comm=\"two\"\n" +
      "type=PATH " + b + "item=0 name=\"/two\" nametype=CREATE\n" + "type=PATH " + a +
      "item=0 name=\"/one\" nametype=NORMAL\n" +
      "type=USER_LOGIN msg=audit(1764385400.002:12): pid=3 uid=0 auid=4294967295 ses=1 "
      "msg='op=login acct=\"root\" exe=\"/usr/sbin/sshd\" hostname=host.example addr=203.0.113.8 "
      "terminal=ssh res=failed'\n" +
      "type=EOE " + b + "\n" + "type=EOE " + a + "\n";
  auto r = readText(keys, "auditd", log);
  CHECK(r.stats.failed == 0);
  REQUIRE(r.events.size() == 3);
  // Emitted as they complete: the login at once, then serial 11, then 10.
  CHECK(keys.text(r.events[0].type) == "ssh.login.failed");
  CHECK(r.events[0].get(keys::kUser, keys) == "root");
  CHECK(r.events[0].get(keys::kIp, keys) == "203.0.113.8");
  CHECK(r.events[0].get(keys::kSrcHost, keys) == "host.example");
  CHECK(r.events[0].get(keys::kProcess, keys) == "sshd");
  CHECK(r.events[0].get(keys::kOperation, keys) == "login");
  CHECK(r.events[1].get(keys::kProcess, keys) == "two");
  CHECK(r.events[1].get(keys::kPath, keys) == "/two");
  CHECK(r.events[1].line == 2);
  CHECK(r.events[2].get(keys::kProcess, keys) == "one");
  CHECK(r.events[2].get(keys::kPath, keys) == "/one");
  CHECK(r.events[2].line == 1);
}

TEST_CASE("auditd: a group without EOE is emitted when stale or at the end of the file",
          "[auditd]") {
  KeyTable keys;
  std::string log =
      "node=web1 type=SYSCALL msg=audit(1764385500.000:20): syscall=313 success=yes pid=1 "
      "comm=\"insmod\"\n"
      "node=web1 type=KERN_MODULE msg=audit(1764385500.000:20): name=\"evil\"\n"
      "node=web1 type=SYSCALL msg=audit(1764385509.000:21): syscall=1 success=yes pid=2 "
      "comm=\"tee\"\n";
  auto r = readText(keys, "auditd", log);
  CHECK(r.stats.failed == 0);
  CHECK(r.stats.events == 2);
  REQUIRE(r.events.size() == 2);
  CHECK(r.events[0].get(keys::kHost, keys) == "web1");
  CHECK_THAT(std::string(r.events[0].get(keys::kMessage, keys)),
             Catch::Contains("type=KERN_MODULE msg=audit(1764385500.000:20): name=\"evil\""));
  CHECK(r.events[1].get(keys::kProcess, keys) == "tee");
}

TEST_CASE("auditd: garbage lines are counted with file, line and column, and good ones still read",
          "[auditd]") {
  KeyTable keys;
  std::string log = "hello world\n" + execEvent("901") +
                    "type=SYSCALL msg=audit(17643\n"
                    "type=PATH msg=audit(1764385200.000:5): item=0 name=\"/unterminated\n"
                    "node=only-a-node\n"
                    "type=USER_CMD msg=audit(1764385200.000:6): pid=1 msg='cmd=6C73 res=success\n";
  auto r = readText(keys, "auditd", log);
  CHECK(r.events.size() == 1);
  CHECK(r.stats.failed == 5);
  REQUIRE(r.stats.failures.size() == 5);
  CHECK(r.stats.failures[0].file == "test.log");
  CHECK(r.stats.failures[0].line == 1);
  CHECK_THAT(r.stats.failures[0].reason, Catch::Contains("not an auditd record"));
  CHECK(r.stats.failures[1].line == 8);
  CHECK_THAT(r.stats.failures[1].reason, Catch::Contains("stamp"));
  CHECK(r.stats.failures[2].line == 9);
  CHECK_THAT(r.stats.failures[2].reason, Catch::Contains("unterminated \" quote at column 52"));
  CHECK_THAT(r.stats.failures[4].reason, Catch::Contains("unterminated ' quote"));
}

TEST_CASE("auditd: random bytes and truncated records never crash the reader", "[auditd]") {
  KeyTable keys;
  std::string good = execEvent();
  std::mt19937 rng(7);
  for (int round = 0; round < 300; ++round) {
    std::string text = good.substr(0, rng() % good.size());
    for (int i = 0; i < 8; ++i)
      text.insert(rng() % (text.size() + 1), 1, static_cast<char>(rng() % 256));
    auto r = readText(keys, "auditd", text);
    CHECK(r.stats.events == r.events.size());
    CHECK(r.stats.failed <= r.stats.lines);
  }
}
