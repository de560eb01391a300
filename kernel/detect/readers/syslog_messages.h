// Gives a syslog message its event type and entity fields from the program that wrote it:
// sshd logins (failed, accepted, invalid user), PAM authentication failures, sudo and su.
// Messages it does not know become "syslog.message" with the program and message as fields.
#pragma once

#include <string_view>

#include "detect/event.h"

namespace bulwark::detect {

// The keys the classifier sets, interned once per table rather than once per line.
struct SyslogKeys {
  explicit SyslogKeys(KeyTable& keys);
  Key invalidUser, rhost, targetUser, command;
  Key sshLoginFailed, sshLoginSuccess, sshUserInvalid, sshMessage, sshPamFailure, sshDisconnect,
      sshNoIdentification, sshReverseMappingFailed, sshAuthMaxAttempts, sudoAuthFailed, sudoCommand,
      authFailure, syslogMessage;
};

// Sets e.type and entity fields. `program` is the tag without the pid ("sshd",
// "sshd(pam_unix)").
void classifySyslogMessage(std::string_view program, std::string_view message, Event& e,
                           const SyslogKeys& keys);
void classifySyslogMessage(std::string_view program, std::string_view message, Event& e,
                           KeyTable& keys);

// True for a dotted IPv4 or a textual IPv6 address.
bool looksLikeIp(std::string_view text);

}  // namespace bulwark::detect
