#include "host_assessments.h"

#include <charconv>
#include <functional>
#include <set>
#include <string>

#include "host_root.h"
#include "json_util.h"
#include "vm_collector.h"

namespace bulwark::vm {
namespace {

using sdk::AssessmentDef;
using sdk::Severity;
using sdk::Verdict;
using Check = std::function<Verdict(const Json& facts)>;

constexpr const char* kControl = "Remediate security configurations";

AssessmentDef hostCheck(const char* id, const char* title, Severity severity,
                        std::vector<const char*> cis, const char* description,
                        const char* remediation, Check check) {
  AssessmentDef a;
  a.id = id;
  a.title = title;
  a.resourceType = kArcMachineType;
  a.severity = severity;
  a.control = kControl;
  a.description = description;
  a.remediation = remediation;
  for (const char* c : cis)
    a.compliance.emplace_back(kCisUbuntu, c);
  a.check = [check](const sdk::Resource& r, const sdk::Context&) {
    const Json* facts = r.find("properties.bulwarkHost");
    if (facts == nullptr || !facts->is_object())
      return Verdict::notApplicable("not the local host (no properties.bulwarkHost facts)");
    return check(*facts);
  };
  return a;
}

std::optional<long> number(const Json* v) {
  if (v == nullptr)
    return std::nullopt;
  if (v->is_number_integer())
    return v->get<long>();
  if (!v->is_string())
    return std::nullopt;
  std::string s = trimmed(v->get<std::string>());
  long out = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  if (ec != std::errc() || end != s.data() + s.size())
    return std::nullopt;
  return out;
}

// --- sshd ---------------------------------------------------------------------------------

Check sshd(std::function<Verdict(const Json& settings, const std::string& source)> judge) {
  return [judge](const Json& facts) {
    const Json* sshd = at(facts, "sshd");
    if (sshd == nullptr || !asBool(at(*sshd, "installed")).value_or(false))
      return Verdict::notApplicable("OpenSSH server is not installed");
    if (!at(*sshd, "source")->is_string())
      return Verdict::notApplicable(
          "sshd is installed but neither `sshd -T` nor sshd_config "
          "could be read");
    return judge(*at(*sshd, "settings"), at(*sshd, "source")->get<std::string>());
  };
}

Check sshdEquals(const char* key, std::set<std::string> good) {
  std::string k = key;
  return sshd([k, good](const Json& settings, const std::string& source) {
    std::string v = lower(textAt(settings, k));
    Json evidence = {{k, v}, {"source", source}};
    if (good.count(v))
      return Verdict::healthy(k + " is " + v, evidence);
    return Verdict::unhealthy(k + " is " + (v.empty() ? "unset" : v), evidence);
  });
}

Check sshdNumber(const char* key, long low, long high) {
  std::string k = key;
  return sshd([k, low, high](const Json& settings, const std::string& source) {
    std::string raw = textAt(settings, k);
    // LoginGraceTime may carry a unit suffix ("2m"); seconds are the bare number.
    long factor = 1;
    if (!raw.empty() && (raw.back() == 'm' || raw.back() == 'M')) {
      factor = 60;
      raw.pop_back();
    } else if (!raw.empty() && (raw.back() == 's' || raw.back() == 'S')) {
      raw.pop_back();
    }
    Json text = raw;
    auto n = number(&text);
    Json evidence = {{k, textAt(settings, k)}, {"source", source}};
    if (!n)
      return Verdict::unhealthy(k + " is not a number", evidence);
    long v = *n * factor;
    if (v >= low && v <= high)
      return Verdict::healthy(k + " is " + std::to_string(v), evidence);
    return Verdict::unhealthy(k + " is " + std::to_string(v) + ", outside " + std::to_string(low) +
                                  ".." + std::to_string(high),
                              evidence);
  });
}

// --- sysctl -------------------------------------------------------------------------------

Check sysctl(std::vector<std::string> keys, std::string want) {
  return [keys, want](const Json& facts) {
    Json evidence = Json::object();
    std::vector<std::string> bad, unknown;
    for (const auto& key : keys) {
      const Json* entry = at(facts, "sysctl");
      entry = entry == nullptr ? nullptr : sdk::findMember(*entry, key);
      const Json* value = entry == nullptr ? nullptr : sdk::findMember(*entry, "value");
      if (value == nullptr || !value->is_string()) {
        unknown.push_back(key);
        evidence[key] = nullptr;
        continue;
      }
      evidence[key] = *value;
      if (value->get<std::string>() != want)
        bad.push_back(key + "=" + value->get<std::string>());
    }
    if (!bad.empty()) {
      std::string list;
      for (const auto& b : bad)
        list += (list.empty() ? "" : ", ") + b;
      return Verdict::unhealthy(list + " (expected " + want + ")", evidence);
    }
    if (unknown.size() == keys.size())
      return Verdict::notApplicable("not readable from /proc/sys nor set in sysctl files");
    return Verdict::healthy("set to " + want, evidence);
  };
}

// --- file permissions ---------------------------------------------------------------------

Check permissions(std::string path, unsigned maxMode, bool allowShadowGroup) {
  return [path, maxMode, allowShadowGroup](const Json& facts) {
    const Json* f = at(facts, "permissions.files");
    f = f == nullptr ? nullptr : sdk::findMember(*f, path);
    if (f == nullptr || !asBool(at(*f, "exists")).value_or(false))
      return Verdict::notApplicable(path + " does not exist");
    unsigned mode = std::stoul(textAt(*f, "mode"), nullptr, 8);
    long uid = at(*f, "uid")->get<long>(), gid = at(*f, "gid")->get<long>();
    const Json* shadowGid = at(facts, "permissions.shadowGroupGid");
    bool groupOk = gid == 0 || (allowShadowGroup && shadowGid != nullptr &&
                                shadowGid->is_number() && shadowGid->get<long>() == gid);
    Json evidence = *f;
    if ((mode & ~maxMode) != 0 || uid != 0 || !groupOk) {
      char want[8];
      std::snprintf(want, sizeof want, "%04o", maxMode);
      return Verdict::unhealthy(path + " is " + textAt(*f, "mode") + " uid " + std::to_string(uid) +
                                    " gid " + std::to_string(gid) + " (want at most " + want +
                                    ", owned by root)",
                                evidence);
    }
    return Verdict::healthy(path + " is " + textAt(*f, "mode") + " owned by root", evidence);
  };
}

bool packageInstalled(const Json& facts, const char* name) {
  const Json* list = at(facts, "packages.installed");
  return list != nullptr && list->contains(name);
}

Check tmpOption(const char* option) {
  std::string opt = option;
  return [opt](const Json& facts) {
    const Json* tmp = at(facts, "mounts.tmp");
    if (tmp == nullptr || !asBool(at(*tmp, "separate")).value_or(false))
      return Verdict::notApplicable("/tmp is not a separate mount (see host.tmp-partition)");
    for (const Json& o : *at(*tmp, "options")) {
      if (o == opt)
        return Verdict::healthy("/tmp is mounted " + opt, {{"options", *at(*tmp, "options")}});
    }
    return Verdict::unhealthy("/tmp is mounted without " + opt,
                              {{"options", *at(*tmp, "options")}});
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

std::vector<AssessmentDef> sshdChecks() {
  std::vector<AssessmentDef> out;
  out.push_back(hostCheck(
      "host.sshd-permit-root-login", "SSH root login should be disabled", Severity::High,
      {"5.1.20"}, "Logging in directly as root leaves no trail of which administrator did it.",
      "Set 'PermitRootLogin no' in /etc/ssh/sshd_config and reload sshd.",
      sshdEquals("permitrootlogin", {"no"})));
  out.push_back(hostCheck(
      "host.sshd-password-authentication", "SSH password authentication should be disabled",
      Severity::Medium, {},
      "Passwords can be brute-forced over SSH; keys cannot. (Defender's 'Authentication to "
      "Linux machines should require SSH keys'; not a separate CIS Ubuntu recommendation.)",
      "Set 'PasswordAuthentication no' (and KbdInteractiveAuthentication no) in sshd_config.",
      sshdEquals("passwordauthentication", {"no"})));
  out.push_back(hostCheck(
      "host.sshd-permit-empty-passwords", "SSH should not permit empty passwords", Severity::High,
      {"5.1.19"}, "Accounts without passwords must not log in over SSH.",
      "Set 'PermitEmptyPasswords no' in sshd_config.", sshdEquals("permitemptypasswords", {"no"})));
  out.push_back(hostCheck(
      "host.sshd-max-auth-tries", "SSH MaxAuthTries should be 4 or less", Severity::Medium,
      {"5.1.16"}, "Few attempts per connection slow down password guessing.",
      "Set 'MaxAuthTries 4' in sshd_config.", sshdNumber("maxauthtries", 1, 4)));
  out.push_back(
      hostCheck("host.sshd-ignore-rhosts", "SSH should ignore .rhosts files", Severity::Medium,
                {"5.1.11"}, ".rhosts trust relationships bypass authentication.",
                "Set 'IgnoreRhosts yes' in sshd_config.", sshdEquals("ignorerhosts", {"yes"})));
  out.push_back(hostCheck("host.sshd-hostbased-authentication",
                          "SSH host-based authentication should be disabled", Severity::Medium,
                          {"5.1.10"}, "Host-based trust lets one compromised host reach others.",
                          "Set 'HostbasedAuthentication no' in sshd_config.",
                          sshdEquals("hostbasedauthentication", {"no"})));
  out.push_back(hostCheck("host.sshd-log-level", "SSH LogLevel should be INFO or VERBOSE",
                          Severity::Low, {"5.1.14"},
                          "Login events are needed to detect and investigate attacks.",
                          "Set 'LogLevel VERBOSE' or 'LogLevel INFO' in sshd_config.",
                          sshdEquals("loglevel", {"info", "verbose"})));
  out.push_back(hostCheck("host.sshd-permit-user-environment",
                          "SSH PermitUserEnvironment should be disabled", Severity::Medium,
                          {"5.1.21"}, "User-set environment (LD_PRELOAD) can bypass restrictions.",
                          "Set 'PermitUserEnvironment no' in sshd_config.",
                          sshdEquals("permituserenvironment", {"no"})));
  out.push_back(
      hostCheck("host.sshd-login-grace-time", "SSH LoginGraceTime should be one minute or less",
                Severity::Low, {"5.1.13"}, "Short grace times limit unauthenticated connections.",
                "Set 'LoginGraceTime 60' in sshd_config.", sshdNumber("logingracetime", 1, 60)));
  out.push_back(hostCheck(
      "host.sshd-client-alive", "SSH idle sessions should time out", Severity::Low, {"5.1.7"},
      "ClientAliveInterval and ClientAliveCountMax end abandoned sessions.",
      "Set 'ClientAliveInterval 15' and 'ClientAliveCountMax 3' in sshd_config.",
      sshd([](const Json& s, const std::string& source) {
        Json interval = textAt(s, "clientaliveinterval"), count = textAt(s, "clientalivecountmax");
        auto i = number(&interval), c = number(&count);
        Json evidence = {
            {"clientaliveinterval", interval}, {"clientalivecountmax", count}, {"source", source}};
        if (i && c && *i > 0 && *c > 0)
          return Verdict::healthy("idle sessions are probed and closed", evidence);
        return Verdict::unhealthy("ClientAliveInterval/CountMax do not end idle sessions",
                                  evidence);
      })));
  out.push_back(hostCheck(
      "host.sshd-gssapi", "SSH GSSAPI authentication should be disabled", Severity::Low, {"5.1.9"},
      "Unused authentication methods widen the "
      "attack surface.",
      "Set 'GSSAPIAuthentication no' in sshd_config.", sshdEquals("gssapiauthentication", {"no"})));
  out.push_back(hostCheck("host.sshd-config-permissions",
                          "Permissions on /etc/ssh/sshd_config should be 0600 root:root",
                          Severity::Medium, {"5.1.1"},
                          "The server configuration must not be readable or writable by users.",
                          "chown root:root /etc/ssh/sshd_config && chmod 600 /etc/ssh/sshd_config",
                          permissions("/etc/ssh/sshd_config", 0600, false)));
  out.push_back(hostCheck(
      "host.ssh-host-key-permissions", "SSH private host keys should be readable only by root",
      Severity::High, {"5.1.2"}, "Anyone who reads a host key can impersonate the server.",
      "chmod 600 /etc/ssh/ssh_host_*_key && chown root:root /etc/ssh/ssh_host_*_key",
      [](const Json& facts) {
        const Json* keys = at(facts, "permissions.sshHostKeys");
        Json bad = Json::array();
        size_t privateKeys = 0;
        for (const Json& k : keys == nullptr ? Json::array() : *keys) {
          if (!k.value("private", false))
            continue;
          ++privateKeys;
          unsigned mode = std::stoul(k.value("mode", "0"), nullptr, 8);
          // 0640 with the ssh_keys group is the RHEL layout; anything wider is a failure.
          if ((mode & 0137) != 0 || k.value("uid", -1) != 0)
            bad.push_back(k);
        }
        if (privateKeys == 0)
          return Verdict::notApplicable("no SSH host keys in /etc/ssh");
        return bad.empty() ? Verdict::healthy(std::to_string(privateKeys) +
                                              " private host key(s) restricted to root")
                           : Verdict::unhealthy("host keys readable beyond root", {{"keys", bad}});
      }));
  return out;
}

std::vector<AssessmentDef> accountChecks() {
  std::vector<AssessmentDef> out;
  out.push_back(hostCheck(
      "host.password-max-days", "Password expiration should be 365 days or less", Severity::Low,
      {"5.4.1.1"}, "Passwords that never expire stay useful to an attacker.",
      "Set PASS_MAX_DAYS 365 in /etc/login.defs.", [](const Json& facts) {
        if (!asBool(at(facts, "loginDefs.readable")).value_or(false))
          return Verdict::notApplicable("/etc/login.defs is not readable");
        auto v = number(at(facts, "loginDefs.settings.PASS_MAX_DAYS"));
        Json evidence = {{"PASS_MAX_DAYS", v ? Json(*v) : Json()}};
        if (v && *v > 0 && *v <= 365)
          return Verdict::healthy("PASS_MAX_DAYS is " + std::to_string(*v), evidence);
        return Verdict::unhealthy(
            "PASS_MAX_DAYS is " + (v ? std::to_string(*v) : std::string("unset")), evidence);
      }));
  out.push_back(
      hostCheck("host.password-warn-age", "Password expiration warning should be 7 days or more",
                Severity::Low, {"5.4.1.3"}, "Users need warning before their password expires.",
                "Set PASS_WARN_AGE 7 in /etc/login.defs.", [](const Json& facts) {
                  if (!asBool(at(facts, "loginDefs.readable")).value_or(false))
                    return Verdict::notApplicable("/etc/login.defs is not readable");
                  auto v = number(at(facts, "loginDefs.settings.PASS_WARN_AGE"));
                  if (v && *v >= 7)
                    return Verdict::healthy("PASS_WARN_AGE is " + std::to_string(*v));
                  return Verdict::unhealthy("PASS_WARN_AGE is " +
                                            (v ? std::to_string(*v) : std::string("unset")));
                }));
  out.push_back(hostCheck(
      "host.password-min-length", "Password quality checks should require 14 characters",
      Severity::Medium, {"5.3.3.2.2"}, "pam_pwquality enforces a minimum length on new passwords.",
      "Install libpam-pwquality, enable it in common-password and set minlen = 14 in "
      "/etc/security/pwquality.conf.",
      [](const Json& facts) {
        bool pam = asBool(at(facts, "pwquality.pamEnabled")).value_or(false);
        auto minlen = number(at(facts, "pwquality.settings.minlen"));
        Json evidence = {{"pamEnabled", pam}, {"minlen", minlen ? Json(*minlen) : Json()}};
        if (!pam)
          return Verdict::unhealthy("pam_pwquality is not enabled", evidence);
        // pwquality's built-in default minlen is 8.
        long len = minlen.value_or(8);
        if (len >= 14)
          return Verdict::healthy("minlen is " + std::to_string(len), evidence);
        return Verdict::unhealthy("minlen is " + std::to_string(len), evidence);
      }));
  out.push_back(
      hostCheck("host.uid0-only-root", "Root should be the only account with UID 0", Severity::High,
                {"5.4.2.1"}, "Every UID 0 account is root, under another name.",
                "Remove or renumber the extra UID 0 accounts.", [](const Json& facts) {
                  if (!asBool(at(facts, "accounts.passwdReadable")).value_or(false))
                    return Verdict::notApplicable("/etc/passwd is not readable");
                  Json uid0 = *at(facts, "accounts.uid0");
                  if (uid0 == Json::array({"root"}))
                    return Verdict::healthy("only root has UID 0");
                  return Verdict::unhealthy("UID 0 accounts: " + uid0.dump(), {{"uid0", uid0}});
                }));
  out.push_back(hostCheck(
      "host.empty-passwords", "Accounts should not have empty passwords", Severity::High, {"7.2.2"},
      "An empty password field lets anyone log in as that user.",
      "Lock the accounts (passwd -l <user>) or set passwords.", [](const Json& facts) {
        if (!asBool(at(facts, "accounts.shadowReadable")).value_or(false)) {
          return Verdict::notApplicable("/etc/shadow is not readable (" +
                                        textAt(facts, "accounts.shadowError") +
                                        "): run as root to check for empty passwords");
        }
        Json empty = *at(facts, "accounts.emptyPasswords");
        return empty.empty() ? Verdict::healthy("no account has an empty password")
                             : Verdict::unhealthy("accounts with empty passwords: " + empty.dump(),
                                                  {{"accounts", empty}});
      }));
  out.push_back(hostCheck(
      "host.sudo-nopasswd", "sudo should require a password", Severity::Medium, {"5.2.4"},
      "NOPASSWD or !authenticate rules let anyone holding the session become root.",
      "Remove NOPASSWD and !authenticate from /etc/sudoers and /etc/sudoers.d/*.",
      [](const Json& facts) {
        if (!asBool(at(facts, "sudoers.present")).value_or(false))
          return Verdict::notApplicable("sudo is not configured (/etc/sudoers absent)");
        Json rules = *at(facts, "sudoers.nopasswd");
        Json unreadable = *at(facts, "sudoers.unreadable");
        if (!rules.empty())
          return Verdict::unhealthy(std::to_string(rules.size()) + " rule(s) skip authentication",
                                    {{"rules", rules}});
        if (!unreadable.empty())
          return Verdict::notApplicable("sudoers files not readable: " + unreadable.dump());
        return Verdict::healthy("every sudo rule requires authentication");
      }));
  out.push_back(hostCheck("host.passwd-permissions",
                          "Permissions on /etc/passwd should be 0644 root:root", Severity::Medium,
                          {"7.1.1"}, "Only root may change the account database.",
                          "chown root:root /etc/passwd && chmod 644 /etc/passwd",
                          permissions("/etc/passwd", 0644, false)));
  out.push_back(hostCheck("host.shadow-permissions",
                          "Permissions on /etc/shadow should be 0640 root:shadow or stricter",
                          Severity::High, {"7.1.5"},
                          "Password hashes must not be readable by "
                          "users.",
                          "chown root:shadow /etc/shadow && chmod 640 /etc/shadow",
                          permissions("/etc/shadow", 0640, true)));
  out.push_back(hostCheck("host.group-permissions",
                          "Permissions on /etc/group should be 0644 root:root", Severity::Medium,
                          {"7.1.3"}, "Only root may change group membership.",
                          "chown root:root /etc/group && chmod 644 /etc/group",
                          permissions("/etc/group", 0644, false)));
  return out;
}

std::vector<AssessmentDef> kernelChecks() {
  std::vector<AssessmentDef> out;
  auto add = [&](const char* id, const char* title, Severity s, const char* cis,
                 std::vector<std::string> keys, const char* want, const char* why) {
    std::string fix = "Set ";
    for (const auto& k : keys)
      fix += k + " = " + want + "; ";
    fix += "in /etc/sysctl.d/60-hardening.conf and run sysctl --system.";
    AssessmentDef a = hostCheck(id, title, s, {cis}, why, "", sysctl(keys, want));
    a.remediation = fix;
    out.push_back(a);
  };
  add("host.sysctl-ip-forward", "IP forwarding should be disabled", Severity::Medium, "3.3.1",
      {"net.ipv4.ip_forward"}, "0", "A host that forwards packets can act as a router.");
  add("host.sysctl-send-redirects", "Sending ICMP redirects should be disabled", Severity::Low,
      "3.3.2", {"net.ipv4.conf.all.send_redirects", "net.ipv4.conf.default.send_redirects"}, "0",
      "Only routers send redirects; an attacker can use them to reroute traffic.");
  add("host.sysctl-accept-redirects", "ICMP redirects should not be accepted", Severity::Low,
      "3.3.5", {"net.ipv4.conf.all.accept_redirects", "net.ipv4.conf.default.accept_redirects"},
      "0", "Forged redirects can change the host's routes.");
  add("host.sysctl-source-route", "Source-routed packets should not be accepted", Severity::Low,
      "3.3.8",
      {"net.ipv4.conf.all.accept_source_route", "net.ipv4.conf.default.accept_source_route"}, "0",
      "Source routing lets a sender choose the path, bypassing network controls.");
  add("host.sysctl-tcp-syncookies", "TCP SYN cookies should be enabled", Severity::Low, "3.3.10",
      {"net.ipv4.tcp_syncookies"}, "1", "SYN cookies keep the host reachable under SYN floods.");
  add("host.sysctl-rp-filter", "Reverse path filtering should be enabled", Severity::Low, "3.3.7",
      {"net.ipv4.conf.all.rp_filter", "net.ipv4.conf.default.rp_filter"}, "1",
      "Reverse path filtering drops spoofed source addresses.");
  add("host.sysctl-log-martians", "Suspicious packets should be logged", Severity::Low, "3.3.9",
      {"net.ipv4.conf.all.log_martians"}, "1",
      "Logging packets with impossible addresses reveals spoofing.");
  add("host.sysctl-icmp-broadcasts", "Broadcast ICMP requests should be ignored", Severity::Low,
      "3.3.4", {"net.ipv4.icmp_echo_ignore_broadcasts"}, "1",
      "Answering broadcast pings makes the host a smurf amplifier.");
  add("host.sysctl-aslr", "Address space layout randomization should be enabled", Severity::Medium,
      "1.5.1", {"kernel.randomize_va_space"}, "2",
      "ASLR makes memory corruption exploits much harder.");
  add("host.sysctl-suid-dumpable", "Core dumps of SUID programs should be restricted",
      Severity::Low, "1.5.3", {"fs.suid_dumpable"}, "0",
      "Core dumps of privileged programs can leak secrets.");
  return out;
}

std::vector<AssessmentDef> systemChecks() {
  std::vector<AssessmentDef> out;
  out.push_back(
      hostCheck("host.world-writable-files", "System paths should not contain world-writable files",
                Severity::Medium, {"7.1.11"},
                "A world-writable file in a system path can be replaced by any local user.",
                "chmod o-w the listed files (and add the sticky bit to shared directories).",
                [](const Json& facts) {
                  const Json* ww = at(facts, "specialFiles.worldWritable");
                  size_t count = at(facts, "specialFiles.worldWritableCount")->get<size_t>();
                  if (count == 0)
                    return Verdict::healthy("no world-writable file or non-sticky directory",
                                            {{"paths", *at(facts, "specialFiles.paths")}});
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
        for (const Json& f : *at(facts, "specialFiles.suidSgid")) {
          std::string path = f.value("path", "");
          std::string base = path.substr(path.rfind('/') + 1);
          if (!kExpectedSpecial.count(base))
            unexpected.push_back(f);
        }
        Json evidence = {{"count", *at(facts, "specialFiles.suidSgidCount")},
                         {"unexpected", unexpected}};
        if (unexpected.empty())
          return Verdict::healthy("only stock SUID/SGID programs", evidence);
        return Verdict::unhealthy(
            std::to_string(unexpected.size()) + " SUID/SGID program(s) outside the stock list",
            evidence);
      }));
  out.push_back(hostCheck(
      "host.tmp-partition", "/tmp should be a separate partition", Severity::Low, {"1.1.2.1.1"},
      "A separate /tmp can carry nodev,nosuid,noexec and cannot fill /.",
      "Mount /tmp as tmpfs (systemctl unmask tmp.mount) or a partition.", [](const Json& facts) {
        const Json* tmp = at(facts, "mounts.tmp");
        if (tmp == nullptr || !at(*tmp, "source")->is_string())
          return Verdict::notApplicable("no mount table readable");
        if (asBool(at(*tmp, "separate")).value_or(false))
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
        const Json& fw = *at(facts, "firewall");
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
        const Json& u = *at(facts, "updates");
        if (u.value("dnfAutomatic", false))
          return Verdict::healthy("dnf-automatic timer is enabled", u);
        bool pkg = u.value("unattendedUpgradesInstalled", false);
        std::string periodic = textAt(u, "periodic.APT::Periodic::Unattended-Upgrade");
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
                  const Json& t = *at(facts, "timeSync");
                  if (!t["enabled"].empty())
                    return Verdict::healthy("enabled: " + t["enabled"].dump(), t);
                  return Verdict::unhealthy("no time synchronization service is enabled", t);
                }));
  out.push_back(hostCheck("host.auditd-installed", "auditd should be installed", Severity::Medium,
                          {"6.3.1.1"}, "auditd records security-relevant kernel events.",
                          "apt-get install auditd audispd-plugins", [](const Json& facts) {
                            bool installed = at(facts, "auditd.installed")->get<bool>();
                            return installed ? Verdict::healthy("auditd is installed")
                                             : Verdict::unhealthy("auditd is not installed");
                          }));
  out.push_back(hostCheck("host.auditd-enabled", "auditd should be enabled", Severity::Medium,
                          {"6.3.1.2"}, "An installed but disabled auditd records nothing.",
                          "systemctl --now enable auditd", [](const Json& facts) {
                            if (!at(facts, "auditd.installed")->get<bool>())
                              return Verdict::notApplicable("auditd is not installed");
                            return at(facts, "auditd.enabled")->get<bool>()
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
          if (packageInstalled(facts, p))
            found.push_back(p);
        }
        if (at(facts, "packages.count")->get<size_t>() == 0)
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
        if (!asBool(at(facts, "listening.readable")).value_or(false))
          return Verdict::notApplicable("/proc/net is not readable");
        const std::set<int> insecure = {21, 23, 69, 111, 512, 513, 514};
        Json found = Json::array();
        size_t external = 0;
        for (const Json& s : *at(facts, "listening.sockets")) {
          std::string addr = s.value("address", "");
          if (addr.rfind("127.", 0) == 0 || addr == "::1")
            continue;
          ++external;
          if (insecure.count(s.value("port", -1)))
            found.push_back(s);
        }
        Json evidence = {{"externalListeners", external}, {"insecure", found}};
        return found.empty() ? Verdict::healthy(std::to_string(external) +
                                                    " non-loopback listener(s), none clear-text",
                                                evidence)
                             : Verdict::unhealthy("clear-text service(s) listening", evidence);
      }));
  return out;
}

}  // namespace

std::vector<sdk::AssessmentDef> hostAssessments() {
  std::vector<AssessmentDef> all;
  for (auto group : {sshdChecks(), accountChecks(), kernelChecks(), systemChecks()}) {
    for (auto& a : group)
      all.push_back(std::move(a));
  }
  return all;
}

}  // namespace bulwark::vm
