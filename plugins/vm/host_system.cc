// OS identity, installed packages, listening sockets, mounts and kernel parameters.
#include <algorithm>
#include <map>

#include <bulwark/sdk/json.hpp>
#include "host_facts.h"

namespace bulwark::vm {
namespace {

std::string unquote(std::string v) {
  if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front())
    v = v.substr(1, v.size() - 2);
  return v;
}

// /proc/net/tcp addresses are hex in host byte order (little-endian on every Linux target
// Bulwark builds for): "0100007F:0016" is 127.0.0.1:22.
std::pair<std::string, int> decodeAddress(const std::string& text, bool v6) {
  size_t colon = text.find(':');
  if (colon == std::string::npos) return {"", -1};
  std::string hex = text.substr(0, colon);
  int port = static_cast<int>(std::stoul(text.substr(colon + 1), nullptr, 16));
  std::string addr;
  if (!v6 && hex.size() == 8) {
    unsigned long v = std::stoul(hex, nullptr, 16);
    addr = std::to_string(v & 0xff) + "." + std::to_string((v >> 8) & 0xff) + "." +
           std::to_string((v >> 16) & 0xff) + "." + std::to_string((v >> 24) & 0xff);
  } else if (v6 && hex.size() == 32) {
    bool any = hex.find_first_not_of('0') == std::string::npos;
    bool loopback = hex == "00000000000000000000000001000000";
    addr = any ? "::" : loopback ? "::1" : "ipv6:" + hex;
  } else {
    return {"", -1};
  }
  return {addr, port};
}

}  // namespace

Json collectOs(const HostRoot& root) {
  Json os = Json::object();
  for (const std::string& line : root.lines("/etc/os-release")) {
    size_t eq = line.find('=');
    if (eq == std::string::npos) continue;
    std::string key = line.substr(0, eq);
    std::string value = unquote(trimmed(line.substr(eq + 1)));
    if (key == "ID")
      os["id"] = value;
    else if (key == "VERSION_ID")
      os["versionId"] = value;
    else if (key == "PRETTY_NAME")
      os["prettyName"] = value;
    else if (key == "VERSION_CODENAME")
      os["codename"] = value;
  }
  std::string kernel = trimmed(root.read("/proc/sys/kernel/osrelease").value_or(""));
  std::string hostname = trimmed(root.read("/etc/hostname").value_or(""));
  if (hostname.empty()) hostname = trimmed(root.read("/proc/sys/kernel/hostname").value_or(""));
  return {{"os", os}, {"kernel", kernel}, {"hostname", hostname}};
}

Json collectPackages(const HostRoot& root, const HostOptions& o) {
  Json installed = Json::object();
  Json sourcePackages = Json::object();  // binary -> {name, version} when they differ
  Json sources = Json::array();
  if (auto status = root.read("/var/lib/dpkg/status")) {
    sources.push_back("dpkg");
    std::string name, version, state, source;
    auto flush = [&] {
      if (!name.empty() && state.find(" installed") != std::string::npos &&
          state.rfind("install", 0) == 0) {
        installed[name] = version;
        // "Source: openssl" or "Source: openssl (3.0.11-1)" (the source's own version).
        if (!source.empty()) {
          std::string sourceName = trimmed(source.substr(0, source.find('(')));
          std::string sourceVersion = version;
          if (size_t open = source.find('('); open != std::string::npos)
            sourceVersion = trimmed(source.substr(open + 1, source.find(')') - open - 1));
          sourcePackages[name] = {{"name", sourceName}, {"version", sourceVersion}};
        }
      }
      name.clear();
      version.clear();
      state.clear();
      source.clear();
    };
    for (const std::string& line : splitLines(*status)) {
      if (line.empty()) {
        flush();
      } else if (line.rfind("Package: ", 0) == 0) {
        name = trimmed(line.substr(9));
      } else if (line.rfind("Version: ", 0) == 0) {
        version = trimmed(line.substr(9));
      } else if (line.rfind("Status: ", 0) == 0) {
        state = trimmed(line.substr(8));
      } else if (line.rfind("Source: ", 0) == 0) {
        source = trimmed(line.substr(8));
      }
    }
    flush();
  }
  std::string rpm = findExecutable({"/usr/bin/rpm", "/bin/rpm"});
  if (o.runCommands && !rpm.empty() && root.exists("/var/lib/rpm")) {
    if (auto text = runCommand({rpm, "--root", root.root().string(), "-qa", "--qf",
                                "%{NAME} %{VERSION}-%{RELEASE}\\n"})) {
      sources.push_back("rpm");
      for (const std::string& line : splitLines(*text)) {
        auto words = splitWords(line);
        if (words.size() == 2) installed[words[0]] = words[1];
      }
    }
  }
  return {{"sources", sources},
          {"count", installed.size()},
          {"installed", installed},
          {"sourcePackages", sourcePackages}};
}

Json collectListening(const HostRoot& root) {
  Json out = Json::array();
  bool readable = false;
  for (const char* proto : {"tcp", "tcp6", "udp", "udp6"}) {
    auto text = root.read(std::string("/proc/net/") + proto);
    if (!text) continue;
    readable = true;
    bool tcp = proto[0] == 't';
    bool v6 = std::string(proto).ends_with("6");
    auto lines = splitLines(*text);
    for (size_t i = 1; i < lines.size(); ++i) {
      auto w = splitWords(lines[i]);
      if (w.size() < 4) continue;
      // TCP: state 0A is LISTEN. UDP: 07 (unconnected) with a zero remote port is a socket
      // bound and waiting for datagrams.
      bool listening = tcp ? w[3] == "0A" : (w[3] == "07" && w[2].ends_with(":0000"));
      if (!listening) continue;
      try {
        auto [addr, port] = decodeAddress(w[1], v6);
        if (port >= 0) out.push_back({{"protocol", proto}, {"address", addr}, {"port", port}});
      } catch (const std::exception&) {
        // a garbage line in a fixture or a future format: skip it, keep the rest
      }
    }
  }
  return {{"readable", readable}, {"sockets", out}};
}

Json collectMounts(const HostRoot& root) {
  Json tmp = {{"separate", false}, {"options", Json::array()}, {"source", nullptr}};
  for (const char* file : {"/proc/mounts", "/proc/self/mounts", "/etc/fstab"}) {
    auto lines = root.lines(file);
    if (lines.empty()) continue;
    tmp["source"] = file;
    for (const std::string& line : lines) {
      auto w = splitWords(line);
      if (w.size() < 4 || w[0][0] == '#' || w[1] != "/tmp") continue;
      tmp["separate"] = true;
      tmp["fsType"] = w[2];
      Json opts = Json::array();
      size_t start = 0;
      while (start <= w[3].size()) {
        size_t comma = w[3].find(',', start);
        opts.push_back(w[3].substr(start, comma - start));
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
      tmp["options"] = opts;  // the last mount on /tmp wins, as in the kernel's view
    }
    break;
  }
  return {{"tmp", tmp}};
}

Json collectSysctl(const HostRoot& root) {
  static const char* kKeys[] = {"net.ipv4.ip_forward",
                                "net.ipv4.conf.all.accept_redirects",
                                "net.ipv4.conf.default.accept_redirects",
                                "net.ipv4.conf.all.send_redirects",
                                "net.ipv4.conf.default.send_redirects",
                                "net.ipv4.conf.all.accept_source_route",
                                "net.ipv4.conf.default.accept_source_route",
                                "net.ipv4.tcp_syncookies",
                                "kernel.randomize_va_space",
                                "net.ipv4.conf.all.rp_filter",
                                "net.ipv4.conf.default.rp_filter",
                                "net.ipv4.conf.all.log_martians",
                                "net.ipv4.icmp_echo_ignore_broadcasts",
                                "fs.suid_dumpable",
                                "kernel.yama.ptrace_scope"};
  // Configured values, in systemd-sysctl's order: later files override earlier ones.
  std::map<std::string, std::pair<std::string, std::string>> configured;
  std::vector<std::string> files;
  std::map<std::string, std::string> byName;  // a file in /etc masks the same name elsewhere
  for (const char* dir : {"/usr/lib/sysctl.d", "/lib/sysctl.d", "/run/sysctl.d", "/etc/sysctl.d"}) {
    for (const std::string& name : root.listFiles(dir)) {
      if (name.ends_with(".conf")) byName[name] = std::string(dir) + "/" + name;
    }
  }
  for (const auto& [name, path] : byName)
    files.push_back(path);
  files.push_back("/etc/sysctl.conf");
  for (const std::string& file : files) {
    for (const std::string& raw : root.lines(file)) {
      std::string line = trimmed(raw);
      if (line.empty() || line[0] == '#' || line[0] == ';') continue;
      size_t eq = line.find('=');
      if (eq == std::string::npos) continue;
      std::string key = trimmed(line.substr(0, eq));
      if (!key.empty() && key[0] == '-') key = key.substr(1);
      std::replace(key.begin(), key.end(), '/', '.');
      configured[key] = {trimmed(line.substr(eq + 1)), file};
    }
  }
  Json out = Json::object();
  for (const char* key : kKeys) {
    std::string procPath = "/proc/sys/" + std::string(key);
    std::replace(procPath.begin() + 10, procPath.end(), '.', '/');
    Json entry = Json::object();
    if (auto live = root.read(procPath)) {
      entry["value"] = trimmed(*live);
      entry["source"] = procPath;
    } else if (auto it = configured.find(key); it != configured.end()) {
      entry["value"] = it->second.first;
      entry["source"] = it->second.second;
    } else {
      entry["value"] = nullptr;
      entry["source"] = nullptr;
    }
    out[key] = entry;
  }
  return out;
}

}  // namespace bulwark::vm
