#include "siem/mitre_ids.h"

#include <map>

namespace bulwark::siem {

std::string mitreTacticId(const std::string& name) {
  static const std::map<std::string, std::string> kIds = {
      {"Reconnaissance", "TA0043"},  {"Resource Development", "TA0042"},
      {"Initial Access", "TA0001"},  {"Execution", "TA0002"},
      {"Persistence", "TA0003"},     {"Privilege Escalation", "TA0004"},
      {"Defense Evasion", "TA0005"}, {"Credential Access", "TA0006"},
      {"Discovery", "TA0007"},       {"Lateral Movement", "TA0008"},
      {"Collection", "TA0009"},      {"Command and Control", "TA0011"},
      {"Exfiltration", "TA0010"},    {"Impact", "TA0040"}};
  auto it = kIds.find(name);
  return it == kIds.end() ? std::string() : it->second;
}

}  // namespace bulwark::siem
