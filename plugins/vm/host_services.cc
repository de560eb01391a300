// Firewall, automatic security updates, time synchronisation and auditd.
#include <bulwark/sdk/json.hpp>
#include "host_facts.h"

namespace bulwark::vm {
namespace {

bool installed(const Json& packages, const char* name) {
  const Json* list = sdk::findMember(packages, "installed");
  return list != nullptr && list->contains(name);
}

// systemd enables a unit by linking it into a target's .wants folder.
bool unitEnabled(const HostRoot& root, const std::string& unit) {
  for (const char* dir :
       {"/etc/systemd/system/multi-user.target.wants", "/etc/systemd/system/sysinit.target.wants",
        "/etc/systemd/system/default.target.wants"}) {
    if (root.info(std::string(dir) + "/" + unit).exists) return true;
  }
  return false;
}

size_t ruleLines(const HostRoot& root, const std::string& path, const char* marker) {
  size_t n = 0;
  for (const std::string& raw : root.lines(path)) {
    std::string line = trimmed(raw);
    if (!line.empty() && line[0] != '#' && line.find(marker) != std::string::npos) ++n;
  }
  return n;
}

}  // namespace

Json collectFirewall(const HostRoot& root) {
  bool ufwEnabled = false;
  for (const std::string& line : root.lines("/etc/ufw/ufw.conf")) {
    std::string t = trimmed(line);
    if (t == "ENABLED=yes") ufwEnabled = true;
  }
  // nftables.conf rules: lines with a verdict or a policy inside a chain.
  size_t nft = 0;
  for (const char* marker : {"accept", "drop", "reject", "policy"})
    nft += ruleLines(root, "/etc/nftables.conf", marker);
  size_t ipt = ruleLines(root, "/etc/iptables/rules.v4", "-A ") +
               ruleLines(root, "/etc/iptables/rules.v6", "-A ");
  // Tables the kernel has loaded (legacy iptables); nf_tables has no such file.
  std::string loadedTables = trimmed(root.read("/proc/net/ip_tables_names").value_or(""));
  return {{"ufwEnabled", ufwEnabled},
          {"ufwInstalled", root.exists("/usr/sbin/ufw") || root.exists("/etc/ufw/ufw.conf")},
          {"nftablesConfRules", nft},
          {"nftablesServiceEnabled", unitEnabled(root, "nftables.service")},
          {"iptablesPersistentRules", ipt},
          {"iptablesLoadedTables", loadedTables}};
}

Json collectUpdates(const HostRoot& root, const Json& packages) {
  Json periodic = Json::object();
  Json files = Json::array();
  for (const std::string& name : root.listFiles("/etc/apt/apt.conf.d")) {
    std::string path = "/etc/apt/apt.conf.d/" + name;
    for (const std::string& raw : root.lines(path)) {
      std::string line = trimmed(raw);
      for (const char* key :
           {"APT::Periodic::Unattended-Upgrade", "APT::Periodic::Update-Package-Lists"}) {
        if (line.rfind(key, 0) != 0) continue;
        size_t q1 = line.find('"');
        size_t q2 = q1 == std::string::npos ? q1 : line.find('"', q1 + 1);
        if (q2 != std::string::npos) {
          periodic[key] = line.substr(q1 + 1, q2 - q1 - 1);  // later files override
          files.push_back(path);
        }
      }
    }
  }
  bool dnfAutomatic =
      installed(packages, "dnf-automatic") &&
      root.info("/etc/systemd/system/timers.target.wants/dnf-automatic.timer").exists;
  return {{"unattendedUpgradesInstalled", installed(packages, "unattended-upgrades")},
          {"periodic", periodic},
          {"files", files},
          {"dnfAutomatic", dnfAutomatic}};
}

Json collectServices(const HostRoot& root, const Json& packages) {
  Json timeInstalled = Json::array(), timeEnabled = Json::array();
  const std::pair<const char*, const char*> daemons[] = {
      {"chrony", "chrony.service"},
      {"systemd-timesyncd", "systemd-timesyncd.service"},
      {"ntp", "ntp.service"},
      {"ntpsec", "ntpsec.service"},
      {"openntpd", "openntpd.service"}};
  for (const auto& [pkg, unit] : daemons) {
    if (installed(packages, pkg)) timeInstalled.push_back(pkg);
    if (unitEnabled(root, unit)) timeEnabled.push_back(unit);
  }
  return {{"timeSync", {{"installed", timeInstalled}, {"enabled", timeEnabled}}},
          {"auditd",
           {{"installed", installed(packages, "auditd") || installed(packages, "audit")},
            {"enabled", unitEnabled(root, "auditd.service")}}}};
}

Json collectHostFacts(const HostRoot& root, const HostOptions& o) {
  Json facts = collectOs(root);
  facts["root"] = root.root().string();
  Json packages = collectPackages(root, o);
  facts["packages"] = packages;
  facts["listening"] = collectListening(root);
  facts["sshd"] = collectSshd(root, o);
  facts["loginDefs"] = collectLoginDefs(root);
  facts["pwquality"] = collectPwquality(root);
  facts["accounts"] = collectAccounts(root);
  facts["sudoers"] = collectSudoers(root);
  facts["sysctl"] = collectSysctl(root);
  facts["permissions"] = collectFilePermissions(root);
  facts["specialFiles"] = collectSpecialFiles(root, o);
  facts["mounts"] = collectMounts(root);
  facts["firewall"] = collectFirewall(root);
  facts["updates"] = collectUpdates(root, packages);
  Json services = collectServices(root, packages);
  facts["timeSync"] = services["timeSync"];
  facts["auditd"] = services["auditd"];
  return facts;
}

}  // namespace bulwark::vm
