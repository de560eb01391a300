// Host checks on the OpenSSH server's effective settings and key files.
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

Check sshd(std::function<Verdict(const Json& settings, const std::string& source)> judge) {
  return [judge](const Json& facts) {
    const Json* sshd = sdk::at(facts, "sshd");
    if (sshd == nullptr || !sdk::asBool(sdk::at(*sshd, "installed")).value_or(false))
      return Verdict::notApplicable("OpenSSH server is not installed");
    if (!sdk::at(*sshd, "source")->is_string())
      return Verdict::notApplicable(
          "sshd is installed but neither `sshd -T` nor sshd_config "
          "could be read");
    return judge(*sdk::at(*sshd, "settings"), sdk::at(*sshd, "source")->get<std::string>());
  };
}

Check sshdEquals(const char* key, std::set<std::string> good) {
  std::string k = key;
  return sshd([k, good](const Json& settings, const std::string& source) {
    std::string v = sdk::lower(sdk::textAt(settings, k));
    Json evidence = {{k, v}, {"source", source}};
    if (good.count(v)) return Verdict::healthy(k + " is " + v, evidence);
    return Verdict::unhealthy(k + " is " + (v.empty() ? "unset" : v), evidence);
  });
}

Check sshdNumber(const char* key, long low, long high) {
  std::string k = key;
  return sshd([k, low, high](const Json& settings, const std::string& source) {
    std::string raw = sdk::textAt(settings, k);
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
    Json evidence = {{k, sdk::textAt(settings, k)}, {"source", source}};
    if (!n) return Verdict::unhealthy(k + " is not a number", evidence);
    long v = *n * factor;
    if (v >= low && v <= high) return Verdict::healthy(k + " is " + std::to_string(v), evidence);
    return Verdict::unhealthy(k + " is " + std::to_string(v) + ", outside " + std::to_string(low) +
                                  ".." + std::to_string(high),
                              evidence);
  });
}

}  // namespace

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
        Json interval = sdk::textAt(s, "clientaliveinterval"),
             count = sdk::textAt(s, "clientalivecountmax");
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
        const Json* keys = sdk::at(facts, "permissions.sshHostKeys");
        Json bad = Json::array();
        size_t privateKeys = 0;
        for (const Json& k : keys == nullptr ? Json::array() : *keys) {
          if (!k.value("private", false)) continue;
          ++privateKeys;
          unsigned mode = std::stoul(k.value("mode", "0"), nullptr, 8);
          // 0640 with the ssh_keys group is the RHEL layout; anything wider is a failure.
          if ((mode & 0137) != 0 || k.value("uid", -1) != 0) bad.push_back(k);
        }
        if (privateKeys == 0) return Verdict::notApplicable("no SSH host keys in /etc/ssh");
        return bad.empty() ? Verdict::healthy(std::to_string(privateKeys) +
                                              " private host key(s) restricted to root")
                           : Verdict::unhealthy("host keys readable beyond root", {{"keys", bad}});
      }));
  out.push_back(hostCheck(
      "host.ssh-host-public-key-permissions",
      "SSH public host keys should be 0644 or stricter and owned by root", Severity::Low, {"5.1.3"},
      "A writable public host key lets a user substitute the server's identity.",
      "chmod 644 /etc/ssh/ssh_host_*_key.pub && chown root:root /etc/ssh/ssh_host_*_key.pub",
      [](const Json& facts) {
        const Json* keys = sdk::at(facts, "permissions.sshHostKeys");
        Json bad = Json::array();
        size_t publicKeys = 0;
        for (const Json& k : keys == nullptr ? Json::array() : *keys) {
          if (k.value("private", true)) continue;
          ++publicKeys;
          unsigned mode = std::stoul(k.value("mode", "0"), nullptr, 8);
          if ((mode & 0133) != 0 || k.value("uid", -1) != 0) bad.push_back(k);
        }
        if (publicKeys == 0) return Verdict::notApplicable("no SSH public host keys in /etc/ssh");
        return bad.empty()
                   ? Verdict::healthy(std::to_string(publicKeys) +
                                      " public host key(s) 0644 or stricter")
                   : Verdict::unhealthy("public host keys writable beyond root", {{"keys", bad}});
      }));
  return out;
}

}  // namespace bulwark::vm
