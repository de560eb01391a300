// Host checks on kernel parameters (sysctl).
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

Check sysctl(std::vector<std::string> keys, std::string want) {
  return [keys, want](const Json& facts) {
    Json evidence = Json::object();
    std::vector<std::string> bad, unknown;
    for (const auto& key : keys) {
      const Json* entry = sdk::at(facts, "sysctl");
      entry = entry == nullptr ? nullptr : sdk::findMember(*entry, key);
      const Json* value = entry == nullptr ? nullptr : sdk::findMember(*entry, "value");
      if (value == nullptr || !value->is_string()) {
        unknown.push_back(key);
        evidence[key] = nullptr;
        continue;
      }
      evidence[key] = *value;
      if (value->get<std::string>() != want) bad.push_back(key + "=" + value->get<std::string>());
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

}  // namespace

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

}  // namespace bulwark::vm
