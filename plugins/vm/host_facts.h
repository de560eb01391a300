// Facts about a Linux system read (never changed) from a HostRoot. Each function returns one
// JSON section of the host resource's properties.bulwarkHost; host_assessments.h judges them.
// Unreadable inputs are recorded in the facts ("readable": false), never thrown.
#pragma once

#include <bulwark/plugin.hpp>

#include <string>
#include <vector>

#include "host_root.h"

namespace bulwark::vm {

using sdk::Json;

struct HostOptions {
  bool runCommands = true;  // sshd -T, rpm: only when the root is "/" as well
  // Folders walked for world-writable and SUID/SGID files.
  std::vector<std::string> systemPaths = {"/bin",
                                          "/sbin",
                                          "/usr/bin",
                                          "/usr/sbin",
                                          "/usr/local/bin",
                                          "/usr/local/sbin",
                                          "/usr/lib/openssh",
                                          "/usr/lib/dbus-1.0",
                                          "/usr/lib/polkit-1",
                                          "/usr/libexec",
                                          "/etc",
                                          "/boot",
                                          "/opt"};
};

Json collectOs(const HostRoot& root);                              // os, kernel, hostname
Json collectPackages(const HostRoot& root, const HostOptions& o);  // dpkg status (+ rpm)
Json collectListening(const HostRoot& root);                       // /proc/net/{tcp,udp}{,6}
Json collectSshd(const HostRoot& root, const HostOptions& o);
Json collectLoginDefs(const HostRoot& root);
Json collectPwquality(const HostRoot& root);
Json collectAccounts(const HostRoot& root);  // uid 0, empty passwords
Json collectSudoers(const HostRoot& root);
Json collectSysctl(const HostRoot& root);
Json collectFilePermissions(const HostRoot& root);
Json collectSpecialFiles(const HostRoot& root, const HostOptions& o);  // world-writable, SUID
Json collectMounts(const HostRoot& root);
Json collectFirewall(const HostRoot& root);
Json collectUpdates(const HostRoot& root, const Json& packages);
Json collectServices(const HostRoot& root, const Json& packages);  // time sync, auditd

// Everything above, as one object.
Json collectHostFacts(const HostRoot& root, const HostOptions& o);

// sshd_config keywords and their values as `sshd -T` would print them (lower-case keys), from
// the file at `path` and its Include directives; first value wins, Match blocks are skipped,
// unset keywords take OpenSSH's defaults. Exposed for tests.
Json parseSshdConfig(const HostRoot& root, const std::string& path);

}  // namespace bulwark::vm
