#include "detect/readers/syslog_messages.h"

#include <array>
#include <string>

#include "detect/rules/condition.h"

namespace bulwark::detect {
namespace {

bool startsWith(std::string_view s, std::string_view p) {
  return s.substr(0, p.size()) == p;
}

// The word after `marker` in `text` (up to a space), or "".
std::string_view wordAfter(std::string_view text, std::string_view marker) {
  size_t pos = text.find(marker);
  if (pos == std::string_view::npos) return {};
  pos += marker.size();
  size_t end = text.find(' ', pos);
  return text.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
}

void setRemote(Event& e, std::string_view remote) {
  if (remote.empty()) return;
  if (looksLikeIp(remote))
    e.set(keys::kIp, remote);
  else
    e.set(keys::kSrcHost, remote);
}

// "<method> for [invalid user ]<user> from <ip> port <port> ssh2"
bool parseLoginTail(std::string_view rest, Event& e, const SyslogKeys& keys) {
  size_t forPos = rest.find(" for ");
  size_t fromPos = rest.rfind(" from ");
  if (forPos == std::string_view::npos || fromPos == std::string_view::npos || fromPos < forPos)
    return false;
  e.set(keys::kAuthMethod, rest.substr(0, forPos));
  std::string_view user = rest.substr(forPos + 5, fromPos - forPos - 5);
  if (startsWith(user, "invalid user ")) {
    user.remove_prefix(13);
    e.set(keys.invalidUser, "true");
  }
  e.set(keys::kUser, user);
  std::string_view tail = rest.substr(fromPos + 6);
  size_t space = tail.find(' ');
  setRemote(e, tail.substr(0, space));
  std::string_view port = wordAfter(tail, " port ");
  if (!port.empty()) e.set(keys::kPort, port);
  return true;
}

void classifySshd(std::string_view m, Event& e, const SyslogKeys& keys) {
  if (startsWith(m, "Failed ")) {
    if (parseLoginTail(m.substr(7), e, keys)) {
      e.type = keys.sshLoginFailed;
      return;
    }
  } else if (startsWith(m, "Accepted ")) {
    if (parseLoginTail(m.substr(9), e, keys)) {
      e.type = keys.sshLoginSuccess;
      return;
    }
  } else if (startsWith(m, "Invalid user ")) {
    // "Invalid user <user> from <ip>[ port <port>]"; the user may be empty or hold spaces.
    std::string_view rest = m.substr(13);
    size_t fromPos = rest.rfind(" from ");
    if (fromPos == std::string_view::npos && startsWith(rest, "from ")) {
      e.set(keys::kUser, "");
      rest = rest.substr(5);
    } else if (fromPos != std::string_view::npos) {
      e.set(keys::kUser, rest.substr(0, fromPos));
      rest = rest.substr(fromPos + 6);
    } else {
      e.type = keys.sshMessage;
      return;
    }
    setRemote(e, rest.substr(0, rest.find(' ')));
    std::string_view port = wordAfter(rest, " port ");
    if (!port.empty()) e.set(keys::kPort, port);
    e.type = keys.sshUserInvalid;
    return;
  } else if (startsWith(m, "pam_unix(sshd:auth): authentication failure;") ||
             startsWith(m, "authentication failure;")) {
    // rhost may be a name; "rhost" keeps it whatever it is, so rules can group by it.
    std::string_view rhost = wordAfter(m, " rhost=");
    setRemote(e, rhost);
    if (!rhost.empty()) e.set(keys.rhost, rhost);
    std::string_view user = wordAfter(m, " user=");
    if (!user.empty()) e.set(keys::kUser, user);
    e.type = keys.sshPamFailure;
    return;
  } else if (startsWith(m, "Received disconnect from ") || startsWith(m, "Connection closed by ")) {
    std::string_view rest = m.substr(m[0] == 'R' ? 25 : 21);
    if (startsWith(rest, "authenticating user ") || startsWith(rest, "invalid user ")) {
      rest = rest.substr(rest.find("user ") + 5);
      size_t sp = rest.find(' ');
      e.set(keys::kUser, rest.substr(0, sp));
      rest = sp == std::string_view::npos ? std::string_view() : rest.substr(sp + 1);
    }
    std::string_view ip = rest.substr(0, rest.find_first_of(" :"));
    setRemote(e, ip);
    e.type = keys.sshDisconnect;
    return;
  } else if (startsWith(m, "Did not receive identification string from ")) {
    setRemote(e, wordAfter(m, " from "));
    e.type = keys.sshNoIdentification;
    return;
  } else if (startsWith(m, "reverse mapping checking getaddrinfo for ")) {
    size_t open = m.find('[');
    size_t close = m.find(']', open == std::string_view::npos ? 0 : open);
    if (open != std::string_view::npos && close != std::string_view::npos)
      setRemote(e, m.substr(open + 1, close - open - 1));
    e.type = keys.sshReverseMappingFailed;
    return;
  } else if (m.find("maximum authentication attempts exceeded") != std::string_view::npos) {
    std::string_view rest = m.substr(m.find(" for ") + 5);
    parseLoginTail("maximum for " + std::string(rest), e, keys);
    e.type = keys.sshAuthMaxAttempts;
    return;
  }
  e.type = keys.sshMessage;
}

}  // namespace

SyslogKeys::SyslogKeys(KeyTable& keys)
    : invalidUser(keys.intern("invalid_user")),
      rhost(keys.intern("rhost")),
      targetUser(keys.intern("target_user")),
      command(keys.intern("command")),
      sshLoginFailed(keys.intern("ssh.login.failed")),
      sshLoginSuccess(keys.intern("ssh.login.success")),
      sshUserInvalid(keys.intern("ssh.user.invalid")),
      sshMessage(keys.intern("ssh.message")),
      sshPamFailure(keys.intern("ssh.pam.failure")),
      sshDisconnect(keys.intern("ssh.disconnect")),
      sshNoIdentification(keys.intern("ssh.no-identification")),
      sshReverseMappingFailed(keys.intern("ssh.reverse-mapping.failed")),
      sshAuthMaxAttempts(keys.intern("ssh.auth.max-attempts")),
      sudoAuthFailed(keys.intern("sudo.auth.failed")),
      sudoCommand(keys.intern("sudo.command")),
      authFailure(keys.intern("auth.failure")),
      syslogMessage(keys.intern("syslog.message")) {}

bool looksLikeIp(std::string_view text) {
  bool v6 = false;
  std::array<uint8_t, 16> address{};
  return CidrBlock::parseIp(text, v6, address);
}

void classifySyslogMessage(std::string_view program, std::string_view message, Event& e,
                           const SyslogKeys& keys) {
  e.set(keys::kMessage, message);
  if (program == "sshd" || startsWith(program, "sshd(")) {
    classifySshd(message, e, keys);
    return;
  }
  if (program == "sudo") {
    // "alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/bin/sh"
    size_t colon = message.find(" : ");
    if (colon != std::string_view::npos) {
      e.set(keys::kUser, message.substr(0, colon));
      std::string_view target = wordAfter(message, "USER=");
      if (!target.empty()) e.set(keys.targetUser, target);
      size_t cmd = message.find("COMMAND=");
      if (cmd != std::string_view::npos) e.set(keys.command, message.substr(cmd + 8));
      e.type = message.find("incorrect password") != std::string_view::npos ? keys.sudoAuthFailed
                                                                            : keys.sudoCommand;
      return;
    }
  }
  if (startsWith(message, "authentication failure;")) {
    setRemote(e, wordAfter(message, " rhost="));
    std::string_view user = wordAfter(message, " user=");
    if (!user.empty()) e.set(keys::kUser, user);
    e.type = keys.authFailure;
    return;
  }
  e.type = keys.syslogMessage;
}

void classifySyslogMessage(std::string_view program, std::string_view message, Event& e,
                           KeyTable& keys) {
  classifySyslogMessage(program, message, e, SyslogKeys(keys));
}

}  // namespace bulwark::detect
