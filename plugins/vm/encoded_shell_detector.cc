#include "encoded_shell_detector.h"

#include "encoded_shell.h"

namespace bulwark::vm {

std::vector<sdk::NativeRuleDef> encodedShellRules() {
  sdk::NativeRuleDef rule;
  rule.id = kEncodedShellRuleId;
  rule.title = "Encoded reverse shell command";
  rule.description =
      "A command line decodes base64 whose content opens a reverse shell (a shell wired to a "
      "network connection). Encoding the payload hides it from plain-text rules: Command and "
      "Scripting Interpreter: Unix Shell (T1059.004) with Obfuscated Files or Information "
      "(T1027).";
  rule.severity = sdk::Severity::High;
  rule.tactic = "Execution";
  rule.technique = "T1059.004";
  rule.remediation =
      "Treat the host as compromised: find the process tree and the network peer in the decoded "
      "command, block the peer, kill the shell and check how the command got run (web shell, "
      "stolen credentials, cron, sudo rights).";
  rule.dedupSeconds = 3600;
  return {rule};
}

void detectEncodedShells(const bw_event* events, size_t count, const sdk::Context& ctx) {
  const sdk::Host& host = ctx.host;
  const bw_key command = host.intern("command");
  const bw_key message = host.intern("message");
  const bw_key entityKeys[] = {host.intern("user"), host.intern("host"), host.intern("ip"),
                               host.intern("process"), host.intern("pid")};
  std::vector<sdk::Alert> alerts;
  for (size_t i = 0; i < count; ++i) {
    sdk::EventView event(events[i], host);
    std::string_view text = event.field(command);
    if (text.empty()) text = event.field(message);
    if (text.empty()) text = event.raw();
    auto found = findEncodedReverseShell(text);
    if (!found) continue;
    sdk::Alert alert;
    alert.ruleId = kEncodedShellRuleId;
    alert.severity = sdk::Severity::High;
    alert.timeNs = event.timeNs();
    alert.resourceId = std::string(event.resourceId());
    for (bw_key k : entityKeys) {
      std::string_view v = event.field(k);
      if (!v.empty()) alert.entities.emplace_back(std::string(host.keyText(k)), std::string(v));
    }
    alert.evidence = sdk::Json::array(
        {"decoded command: " + found->decoded, "reverse shell: " + found->indicator,
         "base64: " + found->encoded, "techniques: T1059.004 (Unix Shell), T1027 (Obfuscation)",
         std::string(event.source()) +
             " event: " + std::string(event.raw().substr(0, kMaxDecodedShown))});
    alerts.push_back(std::move(alert));
  }
  sdk::emitAlerts(host, alerts);
}

}  // namespace bulwark::vm
