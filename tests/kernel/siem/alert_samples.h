// Alerts for the output tests: an ordinary one and one whose every text is hostile.
#pragma once

#include "detect/alert.h"

namespace bulwark::test {

inline detect::Alert sampleAlert() {
  detect::Alert a;
  a.id = 17;
  a.ruleId = "ssh.bruteforce";
  a.title = "SSH brute force";
  a.description = "20 failed logins from one address in 5 minutes";
  a.severity = "High";
  a.tactic = "Credential Access";
  a.technique = "T1110.001";
  a.remediation = "Block the address.";
  a.resourceId =
      "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1";
  a.firstNs = 1790812800LL * 1000000000 + 123456789;
  a.lastNs = a.firstNs + 300LL * 1000000000;
  a.eventCount = 20;
  a.entities = {{"ip", "203.0.113.7"}, {"user", "root"}, {"host", "vm1"}};
  a.evidence = {"auth.log:12: Failed password for root from 203.0.113.7"};
  a.fingerprint = "ssh.bruteforce|203.0.113.7|1790812800";
  a.status = "new";
  return a;
}

inline detect::Alert hostileAlert() {
  detect::Alert a = sampleAlert();
  a.ruleId = "evil|rule\\id";
  a.title = "pipe | backslash \\ equals = newline\nCEF:0|forged|header";
  a.description = "a=b c\\d\r\ninjected=1 | pipe";
  a.entities = {{"user", "x=y\\z\nsuser=admin"}, {"ip", "1.2.3.4 dst=6.6.6.6"}};
  a.status = "suppressed";
  return a;
}

}  // namespace bulwark::test
