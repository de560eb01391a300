// Host checks on files, mounts, firewall, updates, services, packages and listeners.
#include "host_check.h"

#include <set>
#include <string>

#include <bulwark/sdk/json.hpp>
#include "host_assessments.h"
#include "host_root.h"
#include "vm_collector.h"

namespace bulwark::vm {

using sdk::AssessmentDef;
using sdk::Severity;
using sdk::Verdict;
using Check = HostCheck;

namespace {

bool packageInstalled(const Json& facts, const char* name) {
  const Json* list = sdk::at(facts, "packages.installed");
  return list != nullptr && list->contains(name);
}

Check tmpOption(const char* option) {
  std::string opt = option;
  return [opt](const Json& facts) {
    const Json* tmp = sdk::at(facts, "mounts.tmp");
    if (tmp == nullptr || !sdk::asBool(sdk::at(*tmp, "separate")).value_or(false))
      return Verdict::notApplicable("/tmp is not a separate mount (see host.tmp-partition)");
    for (const Json& o : *sdk::at(*tmp, "options")) {
      if (o == opt)
        return Verdict::healthy("/tmp is mounted " + opt, {{"options", *sdk::at(*tmp, "options")}});
    }
    return Verdict::unhealthy("/tmp is mounted without " + opt,
                              {{"options", *sdk::at(*tmp, "options")}});
  };
}

// SUID/SGID programs a stock Debian/Ubuntu/RHEL install ships; anything else deserves review.
const std::set<std::string> kExpectedSpecial = {"su",
                                                "sudo",
                                                "passwd",
                                                "chsh",
                                                "chfn",
                                                "gpasswd",
                                                "newgrp",
                                                "mount",
                                                "umount",
                                                "chage",
                                                "expiry",
                                                "unix_chkpwd",
                                                "crontab",
                                                "ssh-keysign",
                                                "ssh-agent",
                                                "pkexec",
                                                "fusermount",
                                                "fusermount3",
                                                "ping",
                                                "write",
                                                "wall",
                                                "bsd-write",
                                                "dotlockfile",
                                                "at",
                                                "dbus-daemon-launch-helper",
                                                "polkit-agent-helper-1",
                                                "Xorg.wrap",
                                                "ntfs-3g",
                                                "pam_timestamp_check",
                                                "userhelper",
                                                "staprun",
                                                "sg",
                                                "mlocate",
                                                "plocate",
                                                "utempter",
                                                "chrome-sandbox",
                                                "snap-confine",
                                                "exim4",
                                                "sendmail.sendmail"};

}  // namespace

std::vector<AssessmentDef> systemChecks() {
  std::vector<AssessmentDef> out;
  out.push_back(
      hostCheck("host.world-writable-files", "System paths should not contain world-writable files",
                Severity::Medium, {"7.1.11"},
                "A world-writable file in a system path can be replaced by any local user.",
                "chmod o-w the listed files (and add the sticky bit to shared directories).",
                [](const Json& facts) {
                  const Json* ww = sdk::at(facts, "specialFiles.worldWritable");
                  size_t count = sdk::at(facts, "specialFiles.worldWritableCount")->get<size_t>();
                  if (count == 0)
                    return Verdict::healthy("no world-writable file or non-sticky directory",
                                            {{"paths", *sdk::at(facts, "specialFiles.paths")}});
                  return Verdict::unhealthy(std::to_string(count) + " world-writable entries",
                                            {{"entries", *ww}});
                }));
  out.push_back(hostCheck(
      "host.suid-sgid-review", "SUID and SGID programs should be reviewed", Severity::Medium,
      {"7.1.13"},
      "Every SUID/SGID program runs with elevated rights; unexpected ones are a classic "
      "privilege-escalation path. Programs a stock distribution ships are expected.",
      "Review the listed programs; remove the bit (chmod u-s,g-s) from those not needed.",
      [](const Json& facts) {
        Json unexpected = Json::array();
        for (const Json& f : *sdk::at(facts, "specialFiles.suidSgid")) {
          std::string path = f.value("path", "");
          std::string base = path.substr(path.rfind('/') + 1);
          if (!kExpectedSpecial.count(base)) unexpected.push_back(f);
        }
        Json evidence = {{"count", *sdk::at(facts, "specialFiles.suidSgidCount")},
                         {"unexpected", unexpected}};
        if (unexpected.empty()) return Verdict::healthy("only stock SUID/SGID programs", evidence);
        return Verdict::unhealthy(
            std::to_string(unexpected.size()) + " SUID/SGID program(s) outside the stock list",
            evidence);
      }));
  out.push_back(hostCheck(
      "host.tmp-partition", "/tmp should be a separate partition", Severity::Low, {"1.1.2.1.1"},
      "A separate /tmp can carry nodev,nosuid,noexec and cannot fill /.",
      "Mount /tmp as tmpfs (systemctl unmask tmp.mount) or a partition.", [](const Json& facts) {
        const Json* tmp = sdk::at(facts, "mounts.tmp");
        if (tmp == nullptr || !sdk::at(*tmp, "source")->is_string())
          return Verdict::notApplicable("no mount table readable");
        if (sdk::asBool(sdk::at(*tmp, "separate")).value_or(false))
          return Verdict::healthy("/tmp is a separate mount", *tmp);
        return Verdict::unhealthy("/tmp is part of the root file system", *tmp);
      }));
  out.push_back(hostCheck("host.tmp-nodev", "/tmp should be mounted nodev", Severity::Low,
                          {"1.1.2.1.2"}, "Device files in /tmp can bypass access controls.",
                          "Add nodev to the /tmp mount options.", tmpOption("nodev")));
  out.push_back(hostCheck("host.tmp-nosuid", "/tmp should be mounted nosuid", Severity::Low,
                          {"1.1.2.1.3"}, "SUID programs dropped in /tmp must not gain rights.",
                          "Add nosuid to the /tmp mount options.", tmpOption("nosuid")));
  out.push_back(hostCheck("host.tmp-noexec", "/tmp should be mounted noexec", Severity::Low,
                          {"1.1.2.1.4"}, "Attackers stage binaries in /tmp.",
                          "Add noexec to the /tmp mount options.", tmpOption("noexec")));
  out.push_back(hostCheck(
      "host.firewall-active", "A host firewall should be configured", Severity::High,
      {"4.1.3", "4.2.4"},
      "ufw enabled, an nftables ruleset, or persistent iptables rules filter inbound traffic.",
      "apt-get install ufw && ufw default deny incoming && ufw allow ssh && ufw enable",
      [](const Json& facts) {
        const Json& fw = *sdk::at(facts, "firewall");
        bool ufw = fw.value("ufwEnabled", false);
        bool nft =
            fw.value("nftablesConfRules", 0) > 0 && fw.value("nftablesServiceEnabled", false);
        bool ipt = fw.value("iptablesPersistentRules", 0) > 0;
        if (ufw || nft || ipt)
          return Verdict::healthy(ufw   ? "ufw is enabled"
                                  : nft ? "nftables rules load at boot"
                                        : "persistent iptables rules exist",
                                  fw);
        return Verdict::unhealthy("no enabled firewall configuration", fw);
      }));
  out.push_back(hostCheck(
      "host.unattended-upgrades", "Security updates should be installed automatically",
      Severity::Medium, {"1.2.2.1"},
      "unattended-upgrades (APT::Periodic::Unattended-Upgrade \"1\") or dnf-automatic installs "
      "security fixes without waiting for an administrator.",
      "apt-get install unattended-upgrades && dpkg-reconfigure -plow unattended-upgrades",
      [](const Json& facts) {
        const Json& u = *sdk::at(facts, "updates");
        if (u.value("dnfAutomatic", false))
          return Verdict::healthy("dnf-automatic timer is enabled", u);
        bool pkg = u.value("unattendedUpgradesInstalled", false);
        std::string periodic = sdk::textAt(u, "periodic.APT::Periodic::Unattended-Upgrade");
        if (pkg && periodic != "" && periodic != "0")
          return Verdict::healthy("unattended-upgrades runs every " + periodic + " day(s)", u);
        return Verdict::unhealthy(pkg ? "unattended-upgrades is installed but not scheduled"
                                      : "unattended-upgrades is not installed",
                                  u);
      }));
  out.push_back(
      hostCheck("host.time-sync", "A time synchronization daemon should be in use", Severity::Low,
                {"2.3.1.1"}, "Correct time is needed for logs, Kerberos and TLS.",
                "Enable systemd-timesyncd or install chrony.", [](const Json& facts) {
                  const Json& t = *sdk::at(facts, "timeSync");
                  if (!t["enabled"].empty())
                    return Verdict::healthy("enabled: " + t["enabled"].dump(), t);
                  return Verdict::unhealthy("no time synchronization service is enabled", t);
                }));
  out.push_back(hostCheck("host.auditd-installed", "auditd should be installed", Severity::Medium,
                          {"6.3.1.1"}, "auditd records security-relevant kernel events.",
                          "apt-get install auditd audispd-plugins", [](const Json& facts) {
                            bool installed = sdk::at(facts, "auditd.installed")->get<bool>();
                            return installed ? Verdict::healthy("auditd is installed")
                                             : Verdict::unhealthy("auditd is not installed");
                          }));
  out.push_back(hostCheck("host.auditd-enabled", "auditd should be enabled", Severity::Medium,
                          {"6.3.1.2"}, "An installed but disabled auditd records nothing.",
                          "systemctl --now enable auditd", [](const Json& facts) {
                            if (!sdk::at(facts, "auditd.installed")->get<bool>())
                              return Verdict::notApplicable("auditd is not installed");
                            return sdk::at(facts, "auditd.enabled")->get<bool>()
                                       ? Verdict::healthy("auditd.service is enabled")
                                       : Verdict::unhealthy("auditd.service is not enabled");
                          }));
  out.push_back(hostCheck(
      "host.legacy-clients", "Insecure legacy clients should not be installed", Severity::Low,
      {"2.2.1", "2.2.2", "2.2.3", "2.2.4", "2.2.6"},
      "NIS, rsh, talk, telnet and ftp send credentials in clear text.",
      "apt-get purge nis rsh-client talk telnet inetutils-telnet ftp tnftp", [](const Json& facts) {
        Json found = Json::array();
        for (const char* p :
             {"nis", "rsh-client", "talk", "telnet", "inetutils-telnet", "ftp", "tnftp"}) {
          if (packageInstalled(facts, p)) found.push_back(p);
        }
        if (sdk::at(facts, "packages.count")->get<size_t>() == 0)
          return Verdict::notApplicable("no package database was readable");
        return found.empty()
                   ? Verdict::healthy("none installed")
                   : Verdict::unhealthy("installed: " + found.dump(), {{"packages", found}});
      }));
  out.push_back(hostCheck(
      "host.insecure-listeners", "Only approved services should listen on the network",
      Severity::Medium, {"2.1.22"},
      "Clear-text services (telnet 23, ftp 21, rsh/rlogin 512-514, tftp 69, "
      "NIS/portmap 111) must not listen on non-loopback addresses.",
      "Stop and disable the listed services, or bind them to 127.0.0.1.", [](const Json& facts) {
        if (!sdk::asBool(sdk::at(facts, "listening.readable")).value_or(false))
          return Verdict::notApplicable("/proc/net is not readable");
        const std::set<int> insecure = {21, 23, 69, 111, 512, 513, 514};
        Json found = Json::array();
        size_t external = 0;
        for (const Json& s : *sdk::at(facts, "listening.sockets")) {
          std::string addr = s.value("address", "");
          if (addr.rfind("127.", 0) == 0 || addr == "::1") continue;
          ++external;
          if (insecure.count(s.value("port", -1))) found.push_back(s);
        }
        Json evidence = {{"externalListeners", external}, {"insecure", found}};
        return found.empty() ? Verdict::healthy(std::to_string(external) +
                                                    " non-loopback listener(s), none clear-text",
                                                evidence)
                             : Verdict::unhealthy("clear-text service(s) listening", evidence);
      }));
  return out;
}

}  // namespace bulwark::vm
