// Host facts and checks on fixture trees built by the test, and on this machine's own root.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <chrono>
#include <map>

#include "host_collector.h"
#include "host_facts.h"
#include "loader/plugin_instance.h"
#include "loader/plugin_loader.h"
#include "support/test_support.h"

using namespace bulwark;
using bulwark::test::TempDir;
using bulwark::test::writeFile;
using nlohmann::json;

namespace {

void write(const TempDir& root, const std::string& path, const std::string& text,
           mode_t mode = 0644) {
  auto p = root.path() / path.substr(1);
  std::filesystem::create_directories(p.parent_path());
  writeFile(p, text);
  ::chmod(p.c_str(), mode);
}

// A weak Debian-like system: every check below has an obvious expected verdict.
void weakSystem(const TempDir& r) {
  write(r, "/etc/os-release",
        "ID=debian\nVERSION_ID=\"12\"\nPRETTY_NAME=\"Debian GNU/Linux 12\"\n");
  write(r, "/etc/hostname", "fixture-host\n");
  write(r, "/proc/sys/kernel/osrelease", "6.1.0-test\n");
  write(r, "/etc/passwd",
        "root:x:0:0:root:/root:/bin/bash\ntoor:x:0:0::/root:/bin/sh\n"
        "alice:x:1000:1000::/home/alice:/bin/bash\n");
  write(r, "/etc/shadow", "root:$y$j9T$abc:19000::::::\ntoor::19000::::::\nalice:!:19000::::::\n",
        0640);
  write(r, "/etc/group", "root:x:0:\nshadow:x:42:\n");
  write(r, "/etc/login.defs", "# comment\nPASS_MAX_DAYS\t99999\nPASS_WARN_AGE 3\n");
  write(r, "/etc/sudoers", "root ALL=(ALL:ALL) ALL\n@includedir /etc/sudoers.d\n", 0440);
  write(r, "/etc/sudoers.d/ci", "ci ALL=(ALL) NOPASSWD: ALL\n", 0440);
  write(r, "/etc/sudoers.d/skipped.bak", "x ALL=(ALL) NOPASSWD: ALL\n", 0440);  // has a dot
  write(r, "/etc/ssh/sshd_config",
        "Include /etc/ssh/sshd_config.d/*.conf\nPermitRootLogin no\nMaxAuthTries 3\n"
        "Match User bob\n  PasswordAuthentication no\n");
  write(r, "/etc/ssh/sshd_config.d/10-cloud.conf",
        "PermitRootLogin yes\nPasswordAuthentication yes\n");
  write(r, "/etc/ssh/ssh_host_ed25519_key", "fake", 0644);
  write(r, "/etc/ssh/ssh_host_ed25519_key.pub", "fake", 0644);
  write(r, "/etc/sysctl.conf", "net.ipv4.ip_forward = 1\nkernel.randomize_va_space=2\n");
  write(r, "/etc/sysctl.d/90-local.conf", "net.ipv4.ip_forward = 0\n");
  write(r, "/proc/mounts", "/dev/sda1 / ext4 rw 0 0\ntmpfs /tmp tmpfs rw,nosuid,nodev 0 0\n");
  // 0100007F:0016 = 127.0.0.1:22 listening; 00000000:0017 = 0.0.0.0:23 listening (telnet);
  // one established connection (01) and a garbage line.
  write(r, "/proc/net/tcp",
        "  sl  local_address rem_address   st\n"
        "   0: 0100007F:0016 00000000:0000 0A 0 0\n"
        "   1: 00000000:0017 00000000:0000 0A 0 0\n"
        "   2: 0200000A:C350 0300000A:01BB 01 0 0\n"
        "garbage\n");
  write(r, "/var/lib/dpkg/status",
        "Package: telnet\nStatus: install ok installed\nVersion: 0.17\n\n"
        "Package: auditd\nStatus: deinstall ok config-files\nVersion: 1:3.0\n\n"
        "Package: openssh-server\nStatus: install ok installed\nVersion: 1:9.2p1\n");
  write(r, "/usr/bin/passwd", "", 04755);
  write(r, "/usr/bin/backdoor", "", 04755);
  write(r, "/usr/bin/open-script", "", 0777);
}

std::map<std::string, AssessOutcome> assessAll(const json& hostDoc) {
  LoadResult loaded = loadPlugins({test::pluginDir().string()}, {"vm"});
  REQUIRE(loaded.plugins.size() == 1);
  PluginInstance instance(loaded.plugins[0], json::object(), HostBindings{});
  REQUIRE(instance.valid());
  std::map<std::string, AssessOutcome> out;
  for (const auto& a : loaded.plugins[0]->manifest().assessments) {
    if (a.id.rfind("host.", 0) == 0) out[a.id] = instance.assess(a.id, hostDoc.dump());
  }
  return out;
}

}  // namespace

TEST_CASE("sshd_config: Include, first value wins, Match skipped, defaults", "[vm][host]") {
  TempDir r;
  weakSystem(r);
  json s = vm::parseSshdConfig(vm::HostRoot(r.path()), "/etc/ssh/sshd_config")["settings"];
  // The Include comes first, so its PermitRootLogin yes wins over the later "no".
  CHECK(s["permitrootlogin"] == "yes");
  CHECK(s["passwordauthentication"] == "yes");  // the Match block's "no" is not global
  CHECK(s["maxauthtries"] == "3");
  CHECK(s["permitemptypasswords"] == "no");  // OpenSSH default
}

TEST_CASE("host facts from a fixture tree", "[vm][host]") {
  TempDir r;
  weakSystem(r);
  vm::HostOptions o;
  o.runCommands = false;
  json f = vm::collectHostFacts(vm::HostRoot(r.path()), o);
  CHECK(f["hostname"] == "fixture-host");
  CHECK(f["kernel"] == "6.1.0-test");
  CHECK(f["os"]["id"] == "debian");
  CHECK(f["packages"]["installed"].contains("telnet"));
  CHECK_FALSE(f["packages"]["installed"].contains("auditd"));  // deinstalled
  CHECK(f["accounts"]["uid0"] == json::array({"root", "toor"}));
  CHECK(f["accounts"]["emptyPasswords"] == json::array({"toor"}));
  REQUIRE(f["sudoers"]["nopasswd"].size() == 1);
  CHECK(f["sudoers"]["nopasswd"][0].get<std::string>().find("/etc/sudoers.d/ci:1") == 0);
  // /etc/sysctl.conf is applied last (as 99-sysctl.conf), so its 1 overrides 90-local.conf.
  CHECK(f["sysctl"]["net.ipv4.ip_forward"]["value"] == "1");
  CHECK(f["sysctl"]["net.ipv4.ip_forward"]["source"] == "/etc/sysctl.conf");
  auto sockets = f["listening"]["sockets"];
  REQUIRE(sockets.size() == 2);
  CHECK(sockets[0]["address"] == "127.0.0.1");
  CHECK(sockets[0]["port"] == 22);
  CHECK(sockets[1]["port"] == 23);
  CHECK(f["mounts"]["tmp"]["separate"] == true);
  CHECK(f["specialFiles"]["suidSgidCount"] == 2);
  CHECK(f["specialFiles"]["worldWritableCount"] == 1);
}

TEST_CASE("host checks on the weak fixture", "[vm][host]") {
  TempDir r;
  weakSystem(r);
  json settings = {{"host_root", r.path().string()},
                   {"run_commands", false},
                   {"system_paths", {"/usr/bin", "/etc"}}};
  json doc = vm::hostResource(settings);
  CHECK(doc["id"] == std::string(vm::kDefaultHostScope) +
                         "/providers/Microsoft.HybridCompute/machines/fixture-host");
  auto v = assessAll(doc);
  CHECK(v.size() >= 25);
  using S = AssessmentState;
  CHECK(v["host.sshd-permit-root-login"].state == S::Unhealthy);
  CHECK(v["host.sshd-password-authentication"].state == S::Unhealthy);
  CHECK(v["host.sshd-max-auth-tries"].state == S::Healthy);
  CHECK(v["host.ssh-host-key-permissions"].state == S::Unhealthy);       // 0644 private key
  CHECK(v["host.ssh-host-public-key-permissions"].state == S::Healthy);  // 0644 .pub
  CHECK(v["host.password-max-days"].state == S::Unhealthy);
  CHECK(v["host.password-warn-age"].state == S::Unhealthy);
  CHECK(v["host.password-min-length"].state == S::Unhealthy);
  CHECK(v["host.uid0-only-root"].state == S::Unhealthy);
  CHECK(v["host.empty-passwords"].state == S::Unhealthy);
  CHECK(v["host.sudo-nopasswd"].state == S::Unhealthy);
  CHECK(v["host.sysctl-ip-forward"].state == S::Unhealthy);
  CHECK(v["host.sysctl-aslr"].state == S::Healthy);
  CHECK(v["host.sysctl-rp-filter"].state == S::NotApplicable);  // set nowhere
  CHECK(v["host.passwd-permissions"].state == S::Healthy);
  CHECK(v["host.suid-sgid-review"].state == S::Unhealthy);  // /usr/bin/backdoor
  CHECK(v["host.suid-sgid-review"].evidence["unexpected"].size() == 1);
  CHECK(v["host.world-writable-files"].state == S::Unhealthy);
  CHECK(v["host.tmp-partition"].state == S::Healthy);
  CHECK(v["host.tmp-nodev"].state == S::Healthy);
  CHECK(v["host.tmp-noexec"].state == S::Unhealthy);
  CHECK(v["host.firewall-active"].state == S::Unhealthy);
  CHECK(v["host.unattended-upgrades"].state == S::Unhealthy);
  CHECK(v["host.auditd-installed"].state == S::Unhealthy);
  CHECK(v["host.legacy-clients"].state == S::Unhealthy);      // telnet
  CHECK(v["host.insecure-listeners"].state == S::Unhealthy);  // 0.0.0.0:23
  for (const auto& [id, o] : v)
    CHECK(o.state != S::Error);
}

TEST_CASE("a hardened fixture passes and unreadable shadow is NotApplicable", "[vm][host]") {
  TempDir r;
  write(r, "/etc/passwd", "root:x:0:0:root:/root:/bin/bash\n");
  write(r, "/etc/login.defs", "PASS_MAX_DAYS 365\nPASS_WARN_AGE 7\n");
  write(r, "/etc/security/pwquality.conf", "minlen = 14\n");
  write(r, "/etc/pam.d/common-password", "password requisite pam_pwquality.so retry=3\n");
  write(r, "/etc/ufw/ufw.conf", "ENABLED=yes\n");
  write(r, "/etc/apt/apt.conf.d/20auto-upgrades",
        "APT::Periodic::Update-Package-Lists \"1\";\nAPT::Periodic::Unattended-Upgrade \"1\";\n");
  write(r, "/var/lib/dpkg/status",
        "Package: unattended-upgrades\nStatus: install ok installed\nVersion: 2.9\n\n"
        "Package: auditd\nStatus: install ok installed\nVersion: 1:3.0\n");
  write(r, "/etc/systemd/system/multi-user.target.wants/auditd.service", "");
  write(r, "/etc/systemd/system/sysinit.target.wants/systemd-timesyncd.service", "");
  auto v = assessAll(vm::hostResource({{"host_root", r.path().string()}, {"run_commands", false}}));
  using S = AssessmentState;
  CHECK(v["host.password-max-days"].state == S::Healthy);
  CHECK(v["host.password-min-length"].state == S::Healthy);
  CHECK(v["host.uid0-only-root"].state == S::Healthy);
  CHECK(v["host.firewall-active"].state == S::Healthy);
  CHECK(v["host.unattended-upgrades"].state == S::Healthy);
  CHECK(v["host.auditd-enabled"].state == S::Healthy);
  CHECK(v["host.time-sync"].state == S::Healthy);
  CHECK(v["host.sshd-permit-root-login"].state == S::NotApplicable);  // no sshd
  CHECK(v["host.empty-passwords"].state == S::NotApplicable);         // no /etc/shadow
  CHECK(v["host.empty-passwords"].reason.find("not readable") != std::string::npos);
}

TEST_CASE("garbage in the fixture files never crashes the collection", "[vm][host]") {
  TempDir r;
  std::string junk("\x01\xff:::\n=\n\0\0 0A zz:zz\n", 24);
  for (const char* f : {"/etc/passwd", "/etc/shadow", "/etc/login.defs", "/etc/ssh/sshd_config",
                        "/proc/net/tcp", "/proc/net/udp6", "/var/lib/dpkg/status", "/proc/mounts",
                        "/etc/sysctl.conf", "/etc/sudoers", "/etc/group"})
    write(r, f, junk);
  auto v = assessAll(vm::hostResource({{"host_root", r.path().string()}, {"run_commands", false}}));
  for (const auto& [id, o] : v)
    CHECK(o.state != AssessmentState::Error);
}

TEST_CASE("settings are validated", "[vm][host]") {
  CHECK_NOTHROW(vm::validateSettings({{"collect_host", true}, {"host_root", "/"}}));
  CHECK_THROWS_WITH(vm::validateSettings({{"colect_host", true}}),
                    Catch::Contains("unknown setting 'colect_host'"));
  CHECK_THROWS(vm::validateSettings({{"collect_host", "yes"}}));
  CHECK_THROWS_WITH(vm::validateSettings({{"host_scope", "/subscriptions/x"}}),
                    Catch::Contains("resource group id"));
  CHECK_THROWS(vm::validateSettings({{"system_paths", {"relative"}}}));
}

TEST_CASE("this machine's own root is assessed without errors", "[vm][host][live]") {
  auto start = std::chrono::steady_clock::now();
  json doc = vm::hostResource({{"host_root", "/"}});
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                  start)
                .count();
  CHECK(doc["properties"]["bulwarkHost"]["os"].contains("id"));
  CHECK(doc["properties"]["bulwarkHost"]["packages"]["count"].get<int>() > 0);
  auto v = assessAll(doc);
  for (const auto& [id, o] : v) {
    INFO(id << ": " << o.reason);
    CHECK(o.state != AssessmentState::Error);
  }
  WARN("local host facts collected in " << ms << " ms");
}

TEST_CASE("every host check but SSH password authentication carries a CIS Ubuntu id",
          "[vm][host]") {
  LoadResult loaded = loadPlugins({test::pluginDir().string()}, {"vm"});
  REQUIRE(loaded.plugins.size() == 1);
  size_t mapped = 0, hostChecks = 0;
  for (const auto& a : loaded.plugins[0]->manifest().assessments) {
    if (a.id.rfind("host.", 0) != 0) continue;
    ++hostChecks;
    bool cis = false;
    for (const auto& c : a.compliance)
      cis |= c.standard.find("CIS Ubuntu") != std::string::npos && !c.control.empty();
    if (a.id == "host.sshd-password-authentication")
      CHECK_FALSE(cis);
    else
      CHECK(cis);
    mapped += cis ? 1 : 0;
  }
  CHECK(hostChecks >= 26);
  CHECK(mapped >= 25);
}
