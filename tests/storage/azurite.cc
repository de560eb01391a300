#include "storage/azurite.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <thread>
#include <vector>

namespace bulwark::test {
namespace {

std::string findAzurite() {
  if (const char* env = std::getenv("BULWARK_AZURITE"); env != nullptr && *env != '\0') return env;
  fs::path local = sourceDir() / "tools" / "azurite" / "node_modules" / ".bin" / "azurite-blob";
  if (::access(local.c_str(), X_OK) == 0) return local.string();
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "";
  size_t start = 0;
  while (start <= dirs.size()) {
    size_t end = dirs.find(':', start);
    std::string dir =
        dirs.substr(start, end == std::string::npos ? std::string::npos : end - start);
    fs::path candidate = fs::path(dir) / "azurite-blob";
    if (!dir.empty() && ::access(candidate.c_str(), X_OK) == 0) return candidate.string();
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return {};
}

bool accepts(int port) {
  int s = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bool ok = ::connect(s, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(s);
  return ok;
}

}  // namespace

int freeLoopbackPort() {
  int s = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = 0;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (::bind(s, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::getsockname(s, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    ::close(s);
    return 0;
  }
  ::close(s);
  return ntohs(addr.sin_port);
}

Azurite::Azurite() {
  std::string binary = findAzurite();
  if (binary.empty()) {
    why_ = "azurite-blob not found (run scripts/install-deps, or set BULWARK_AZURITE)";
    return;
  }
  port_ = freeLoopbackPort();
  fs::path log = dir_ / "azurite.log";
  fs::path workspace = dir_ / "workspace";
  fs::create_directories(workspace);
  std::vector<std::string> args = {binary,
                                   "--blobHost",
                                   "127.0.0.1",
                                   "--blobPort",
                                   std::to_string(port_),
                                   "--location",
                                   workspace.string(),
                                   "--loose",
                                   "--skipApiVersionCheck",
                                   "--disableTelemetry",
                                   "--silent"};
  pid_t pid = ::fork();
  if (pid < 0) {
    why_ = "fork failed";
    return;
  }
  if (pid == 0) {
    ::setpgid(0, 0);
    int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ::dup2(fd, 1);
    ::dup2(fd, 2);
    std::vector<char*> argv;
    for (auto& a : args)
      argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(binary.c_str(), argv.data());
    std::string failed = "cannot execute " + binary + "\n";
    [[maybe_unused]] ssize_t n = ::write(2, failed.data(), failed.size());
    ::_exit(127);
  }
  pid_ = pid;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      why_ = "azurite-blob exited at start: " + readFile(log);
      return;
    }
    if (accepts(port_)) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  why_ = "azurite-blob did not listen on 127.0.0.1:" + std::to_string(port_) + " within 30 s";
  stop();
}

Azurite::~Azurite() {
  stop();
}

void Azurite::stop() {
  if (pid_ <= 0) return;
  ::kill(-pid_, SIGTERM);
  for (int i = 0; i < 50; ++i) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ::kill(-pid_, SIGKILL);
  ::waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

std::string Azurite::endpoint() const {
  return "http://127.0.0.1:" + std::to_string(port_) + "/" + kAccount;
}

}  // namespace bulwark::test
