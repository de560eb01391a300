// Accounts, password policy and sudo rules.
#include <bulwark/sdk/json.hpp>
#include "host_facts.h"

namespace bulwark::vm {
namespace {

std::vector<std::string> fields(const std::string& line) {
  std::vector<std::string> out;
  size_t start = 0;
  for (;;) {
    size_t colon = line.find(':', start);
    out.push_back(line.substr(start, colon - start));
    if (colon == std::string::npos) return out;
    start = colon + 1;
  }
}

void readKeyValues(const HostRoot& root, const std::string& path, Json& settings) {
  for (const std::string& raw : root.lines(path)) {
    std::string line = trimmed(raw);
    if (line.empty() || line[0] == '#') continue;
    size_t eq = line.find('=');
    if (eq == std::string::npos) continue;
    settings[trimmed(line.substr(0, eq))] = trimmed(line.substr(eq + 1));
  }
}

void scanSudoersFile(const HostRoot& root, const std::string& path, Json& nopasswd,
                     Json& unreadable, int depth) {
  if (depth > 8) return;
  auto text = root.read(path);
  if (!text) {
    if (root.exists(path)) unreadable.push_back(path);
    return;
  }
  int number = 0;
  for (const std::string& raw : splitLines(*text)) {
    ++number;
    std::string line = trimmed(raw);
    // "#include"/"@include" and their "dir" forms are directives, not comments.
    if (line.rfind("#includedir", 0) == 0 || line.rfind("@includedir", 0) == 0) {
      std::string dir = trimmed(line.substr(11));
      for (const std::string& name : root.listFiles(dir)) {
        // sudo skips names ending in '~' or containing '.'.
        if (name.find('.') == std::string::npos && !name.ends_with("~"))
          scanSudoersFile(root, dir + "/" + name, nopasswd, unreadable, depth + 1);
      }
      continue;
    }
    if (line.rfind("#include", 0) == 0 || line.rfind("@include", 0) == 0) {
      scanSudoersFile(root, trimmed(line.substr(8)), nopasswd, unreadable, depth + 1);
      continue;
    }
    if (line.empty() || line[0] == '#') continue;
    if (line.find("NOPASSWD") != std::string::npos ||
        line.find("!authenticate") != std::string::npos)
      nopasswd.push_back(path + ":" + std::to_string(number) + ": " + line);
  }
}

}  // namespace

Json collectLoginDefs(const HostRoot& root) {
  Json settings = Json::object();
  bool readable = false;
  if (auto text = root.read("/etc/login.defs")) {
    readable = true;
    for (const std::string& raw : splitLines(*text)) {
      auto w = splitWords(raw);
      if (w.size() >= 2 && w[0][0] != '#') settings[w[0]] = w[1];
    }
  }
  return {{"readable", readable}, {"settings", settings}};
}

Json collectPwquality(const HostRoot& root) {
  Json settings = Json::object();
  readKeyValues(root, "/etc/security/pwquality.conf", settings);
  for (const std::string& name : root.listFiles("/etc/security/pwquality.conf.d")) {
    if (name.ends_with(".conf"))
      readKeyValues(root, "/etc/security/pwquality.conf.d/" + name, settings);
  }
  // Debian/Ubuntu wire pam_pwquality into common-password; RHEL into system-auth.
  bool pam = false;
  Json pamArgs = Json::object();
  for (const char* file :
       {"/etc/pam.d/common-password", "/etc/pam.d/system-auth", "/etc/pam.d/password-auth"}) {
    for (const std::string& raw : root.lines(file)) {
      std::string line = trimmed(raw);
      if (line.empty() || line[0] == '#' || line.find("pam_pwquality.so") == std::string::npos)
        continue;
      pam = true;
      auto words = splitWords(line);
      for (const auto& w : words) {
        size_t eq = w.find('=');
        if (eq != std::string::npos)
          pamArgs[w.substr(0, eq)] = w.substr(eq + 1);  // module arguments override the file
      }
    }
  }
  for (const auto& [k, v] : pamArgs.items())
    settings[k] = v;
  return {{"pamEnabled", pam}, {"settings", settings}};
}

Json collectAccounts(const HostRoot& root) {
  Json uid0 = Json::array(), users = Json::array();
  bool passwdReadable = false;
  if (auto text = root.read("/etc/passwd")) {
    passwdReadable = true;
    for (const std::string& line : splitLines(*text)) {
      auto f = fields(line);
      if (f.size() < 7 || f[0].empty() || f[0][0] == '#') continue;
      users.push_back(f[0]);
      if (f[2] == "0") uid0.push_back(f[0]);
    }
  }
  Json out = {{"passwdReadable", passwdReadable}, {"uid0", uid0}, {"users", users.size()}};
  auto shadow = root.read("/etc/shadow");
  if (!shadow) {
    out["shadowReadable"] = false;
    out["shadowError"] = root.exists("/etc/shadow") ? "permission denied" : "absent";
    return out;
  }
  Json empty = Json::array();
  for (const std::string& line : splitLines(*shadow)) {
    auto f = fields(line);
    if (f.size() >= 2 && !f[0].empty() && f[1].empty()) empty.push_back(f[0]);
  }
  out["shadowReadable"] = true;
  out["emptyPasswords"] = empty;
  return out;
}

Json collectSudoers(const HostRoot& root) {
  Json nopasswd = Json::array(), unreadable = Json::array();
  bool present = root.exists("/etc/sudoers");
  scanSudoersFile(root, "/etc/sudoers", nopasswd, unreadable, 0);
  return {{"present", present}, {"nopasswd", nopasswd}, {"unreadable", unreadable}};
}

}  // namespace bulwark::vm
