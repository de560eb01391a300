// Host checks on accounts, password policy, sudo and account file permissions.
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

std::vector<AssessmentDef> accountChecks() {
  std::vector<AssessmentDef> out;
  out.push_back(hostCheck(
      "host.password-max-days", "Password expiration should be 365 days or less", Severity::Low,
      {"5.4.1.1"}, "Passwords that never expire stay useful to an attacker.",
      "Set PASS_MAX_DAYS 365 in /etc/login.defs.", [](const Json& facts) {
        if (!sdk::asBool(sdk::at(facts, "loginDefs.readable")).value_or(false))
          return Verdict::notApplicable("/etc/login.defs is not readable");
        auto v = number(sdk::at(facts, "loginDefs.settings.PASS_MAX_DAYS"));
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
                  if (!sdk::asBool(sdk::at(facts, "loginDefs.readable")).value_or(false))
                    return Verdict::notApplicable("/etc/login.defs is not readable");
                  auto v = number(sdk::at(facts, "loginDefs.settings.PASS_WARN_AGE"));
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
        bool pam = sdk::asBool(sdk::at(facts, "pwquality.pamEnabled")).value_or(false);
        auto minlen = number(sdk::at(facts, "pwquality.settings.minlen"));
        Json evidence = {{"pamEnabled", pam}, {"minlen", minlen ? Json(*minlen) : Json()}};
        if (!pam) return Verdict::unhealthy("pam_pwquality is not enabled", evidence);
        // pwquality's built-in default minlen is 8.
        long len = minlen.value_or(8);
        if (len >= 14) return Verdict::healthy("minlen is " + std::to_string(len), evidence);
        return Verdict::unhealthy("minlen is " + std::to_string(len), evidence);
      }));
  out.push_back(
      hostCheck("host.uid0-only-root", "Root should be the only account with UID 0", Severity::High,
                {"5.4.2.1"}, "Every UID 0 account is root, under another name.",
                "Remove or renumber the extra UID 0 accounts.", [](const Json& facts) {
                  if (!sdk::asBool(sdk::at(facts, "accounts.passwdReadable")).value_or(false))
                    return Verdict::notApplicable("/etc/passwd is not readable");
                  Json uid0 = *sdk::at(facts, "accounts.uid0");
                  if (uid0 == Json::array({"root"})) return Verdict::healthy("only root has UID 0");
                  return Verdict::unhealthy("UID 0 accounts: " + uid0.dump(), {{"uid0", uid0}});
                }));
  out.push_back(hostCheck(
      "host.empty-passwords", "Accounts should not have empty passwords", Severity::High, {"7.2.2"},
      "An empty password field lets anyone log in as that user.",
      "Lock the accounts (passwd -l <user>) or set passwords.", [](const Json& facts) {
        if (!sdk::asBool(sdk::at(facts, "accounts.shadowReadable")).value_or(false)) {
          return Verdict::notApplicable("/etc/shadow is not readable (" +
                                        sdk::textAt(facts, "accounts.shadowError") +
                                        "): run as root to check for empty passwords");
        }
        Json empty = *sdk::at(facts, "accounts.emptyPasswords");
        return empty.empty() ? Verdict::healthy("no account has an empty password")
                             : Verdict::unhealthy("accounts with empty passwords: " + empty.dump(),
                                                  {{"accounts", empty}});
      }));
  out.push_back(hostCheck(
      "host.sudo-nopasswd", "sudo should require a password", Severity::Medium, {"5.2.4"},
      "NOPASSWD or !authenticate rules let anyone holding the session become root.",
      "Remove NOPASSWD and !authenticate from /etc/sudoers and /etc/sudoers.d/*.",
      [](const Json& facts) {
        if (!sdk::asBool(sdk::at(facts, "sudoers.present")).value_or(false))
          return Verdict::notApplicable("sudo is not configured (/etc/sudoers absent)");
        Json rules = *sdk::at(facts, "sudoers.nopasswd");
        Json unreadable = *sdk::at(facts, "sudoers.unreadable");
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

}  // namespace bulwark::vm
