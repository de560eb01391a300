// sshd effective settings: `sshd -T` on the live system, else sshd_config and its Includes.
#include <fnmatch.h>

#include <algorithm>
#include <filesystem>

#include <bulwark/sdk/json.hpp>
#include "host_facts.h"

namespace bulwark::vm {
namespace {

// OpenSSH 9.x defaults for the keywords the checks read (sshd_config(5)).
const std::pair<const char*, const char*> kDefaults[] = {
    {"permitrootlogin", "prohibit-password"},
    {"passwordauthentication", "yes"},
    {"permitemptypasswords", "no"},
    {"maxauthtries", "6"},
    {"ignorerhosts", "yes"},
    {"hostbasedauthentication", "no"},
    {"loglevel", "INFO"},
    {"permituserenvironment", "no"},
    {"logingracetime", "120"},
    {"clientaliveinterval", "0"},
    {"clientalivecountmax", "3"},
    {"gssapiauthentication", "no"},
    {"x11forwarding", "no"},
    {"usepam", "no"},
    {"kbdinteractiveauthentication", "yes"},
    {"maxsessions", "10"},
};

void readConfig(const HostRoot& root, const std::string& path, Json& settings, int depth,
                Json& files) {
  if (depth > 8) return;
  auto text = root.read(path);
  if (!text) return;
  files.push_back(path);
  bool inMatch = false;
  for (const std::string& raw : root.lines(path)) {
    std::string line = trimmed(raw);
    if (line.empty() || line[0] == '#') continue;
    size_t sep = line.find_first_of(" \t=");
    std::string key = sdk::lower(line.substr(0, sep));
    size_t valueStart = sep == std::string::npos ? sep : line.find_first_not_of(" \t=", sep);
    std::string value = valueStart == std::string::npos ? "" : trimmed(line.substr(valueStart));
    if (key == "match") {
      inMatch = true;  // everything after a Match belongs to it (until the next Match)
      continue;
    }
    if (key == "include") {
      // Relative includes are relative to /etc/ssh; each word may be a glob.
      for (std::string pattern : splitWords(value)) {
        if (pattern[0] != '/') pattern = "/etc/ssh/" + pattern;
        std::string dir = pattern.substr(0, pattern.rfind('/'));
        std::string glob = pattern.substr(pattern.rfind('/') + 1);
        for (const std::string& name : root.listFiles(dir)) {
          if (fnmatch(glob.c_str(), name.c_str(), 0) == 0)
            readConfig(root, dir + "/" + name, settings, depth + 1, files);
        }
      }
      continue;
    }
    if (inMatch || settings.contains(key)) continue;
    settings[key] = value;
  }
}

}  // namespace

Json parseSshdConfig(const HostRoot& root, const std::string& path) {
  Json settings = Json::object();
  Json files = Json::array();
  readConfig(root, path, settings, 0, files);
  for (const auto& [key, value] : kDefaults) {
    if (!settings.contains(key)) settings[key] = value;
  }
  return {{"settings", settings}, {"files", files}};
}

Json collectSshd(const HostRoot& root, const HostOptions& o) {
  Json out = {{"installed", false}, {"source", nullptr}, {"settings", Json::object()}};
  bool configPresent = root.exists("/etc/ssh/sshd_config");
  bool binaryPresent = root.exists("/usr/sbin/sshd");
  out["installed"] = configPresent || binaryPresent;
  if (!configPresent && !binaryPresent) return out;
  if (o.runCommands && root.isLiveSystem() && binaryPresent) {
    if (auto text = runCommand({"/usr/sbin/sshd", "-T"})) {
      Json settings = Json::object();
      for (const std::string& line : splitLines(*text)) {
        size_t sp = line.find(' ');
        if (sp == std::string::npos) continue;
        std::string key = sdk::lower(line.substr(0, sp));
        if (!settings.contains(key)) settings[key] = trimmed(line.substr(sp + 1));
      }
      if (!settings.empty()) {
        out["source"] = "sshd -T";
        out["settings"] = settings;
        return out;
      }
    }
  }
  if (!configPresent) return out;
  Json parsed = parseSshdConfig(root, "/etc/ssh/sshd_config");
  out["source"] = "sshd_config";
  out["settings"] = parsed["settings"];
  out["files"] = parsed["files"];
  return out;
}

}  // namespace bulwark::vm
