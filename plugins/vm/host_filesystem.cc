// Permissions of account and SSH files, world-writable files and the SUID/SGID inventory.
#include <sys/stat.h>

#include <filesystem>
#include <set>

#include <bulwark/sdk/json.hpp>
#include "host_facts.h"

namespace bulwark::vm {
namespace {

namespace fs = std::filesystem;

constexpr size_t kMaxListed = 200;

Json describe(const HostRoot& root, const std::string& path) {
  FileInfo fi = root.info(path);
  if (!fi.exists) return {{"path", path}, {"exists", false}};
  return {{"path", path},
          {"exists", true},
          {"mode", modeText(fi.mode)},
          {"uid", fi.uid},
          {"gid", fi.gid}};
}

}  // namespace

Json collectFilePermissions(const HostRoot& root) {
  Json files = Json::object();
  for (const char* path :
       {"/etc/passwd", "/etc/shadow", "/etc/group", "/etc/gshadow", "/etc/ssh/sshd_config"}) {
    files[path] = describe(root, path);
  }
  Json keys = Json::array();
  for (const std::string& name : root.listFiles("/etc/ssh")) {
    if (name.rfind("ssh_host_", 0) != 0) continue;
    Json d = describe(root, "/etc/ssh/" + name);
    d["private"] = !name.ends_with(".pub");
    keys.push_back(d);
  }
  // The group owning /etc/shadow may be "shadow"; its gid is needed to judge 0640 root:shadow.
  Json shadowGid = nullptr;
  for (const std::string& line : root.lines("/etc/group")) {
    if (line.rfind("shadow:", 0) == 0) {
      size_t a = line.find(':', 7);
      size_t b = a == std::string::npos ? a : line.find(':', a + 1);
      if (b != std::string::npos) {
        try {
          shadowGid = std::stoi(line.substr(a + 1, b - a - 1));
        } catch (const std::exception&) {
        }
      }
    }
  }
  return {{"files", files}, {"sshHostKeys", keys}, {"shadowGroupGid", shadowGid}};
}

Json collectSpecialFiles(const HostRoot& root, const HostOptions& o) {
  Json worldWritable = Json::array(), special = Json::array();
  size_t wwCount = 0, specialCount = 0, scanned = 0;
  std::set<std::pair<dev_t, ino_t>> seen;  // /bin -> usr/bin on merged-/usr systems
  for (const std::string& top : o.systemPaths) {
    fs::path start = root.resolve(top);
    std::error_code ec;
    if (fs::is_symlink(start, ec) || !fs::is_directory(start, ec)) continue;
    for (fs::recursive_directory_iterator
             it(start, fs::directory_options::skip_permission_denied, ec),
         end;
         !ec && it != end; it.increment(ec)) {
      struct stat st {};
      if (::lstat(it->path().c_str(), &st) != 0) continue;
      if (S_ISLNK(st.st_mode)) continue;
      if (S_ISDIR(st.st_mode)) {
        if (!seen.insert({st.st_dev, st.st_ino}).second) it.disable_recursion_pending();
        // A world-writable directory is acceptable only with the sticky bit (like /tmp).
        if ((st.st_mode & S_IWOTH) && !(st.st_mode & S_ISVTX) && wwCount++ < kMaxListed) {
          std::string rel = "/" + fs::relative(it->path(), root.root()).string();
          worldWritable.push_back({{"path", rel}, {"mode", modeText(st.st_mode)}});
        }
        continue;
      }
      if (!S_ISREG(st.st_mode)) continue;
      ++scanned;
      std::string rel;
      if ((st.st_mode & S_IWOTH) && wwCount++ < kMaxListed) {
        rel = "/" + fs::relative(it->path(), root.root()).string();
        worldWritable.push_back({{"path", rel}, {"mode", modeText(st.st_mode)}});
      }
      if (st.st_mode & (S_ISUID | S_ISGID)) {
        if (specialCount++ < kMaxListed) {
          if (rel.empty()) rel = "/" + fs::relative(it->path(), root.root()).string();
          special.push_back({{"path", rel},
                             {"mode", modeText(st.st_mode)},
                             {"suid", (st.st_mode & S_ISUID) != 0},
                             {"sgid", (st.st_mode & S_ISGID) != 0}});
        }
      }
    }
  }
  return {
      {"paths", o.systemPaths},        {"filesScanned", scanned}, {"worldWritable", worldWritable},
      {"worldWritableCount", wwCount}, {"suidSgid", special},     {"suidSgidCount", specialCount}};
}

}  // namespace bulwark::vm
