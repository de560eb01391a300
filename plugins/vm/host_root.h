// Read-only access to a Linux system tree under a root directory ("/" for this machine, a
// fixture folder in tests). Every path given is absolute inside that tree ("/etc/passwd").
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace bulwark::vm {

struct FileInfo {
  bool exists = false;
  mode_t mode = 0;  // permission and type bits, as lstat reports them
  uid_t uid = 0;
  gid_t gid = 0;
};

class HostRoot {
 public:
  explicit HostRoot(std::filesystem::path root) : root_(std::move(root)) {}

  const std::filesystem::path& root() const { return root_; }
  bool isLiveSystem() const;  // root is "/"
  std::filesystem::path resolve(const std::string& path) const;

  // The whole file, or nullopt when absent or unreadable (permissions included).
  std::optional<std::string> read(const std::string& path) const;
  std::vector<std::string> lines(const std::string& path) const;
  FileInfo info(const std::string& path) const;
  bool exists(const std::string& path) const;
  // Regular files (and symlinks to them) directly in `dir`, sorted by name.
  std::vector<std::string> listFiles(const std::string& dir) const;

 private:
  std::filesystem::path root_;
};

// Runs `argv` (no shell) with a time limit and returns its stdout, or nullopt when it cannot
// run or exits non-zero. Only used on the live system.
std::optional<std::string> runCommand(const std::vector<std::string>& argv, int timeoutMs = 5000);
// The first of `candidates` that is an executable file, or "".
std::string findExecutable(const std::vector<std::string>& candidates);

std::string trimmed(const std::string& s);
std::vector<std::string> splitWords(const std::string& s);
std::vector<std::string> splitLines(const std::string& s);
std::string modeText(mode_t mode);  // "0644"

}  // namespace bulwark::vm
