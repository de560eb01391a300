// A program run in the background for one test (a registry, the bulwark server), in its own
// process group with stdout+stderr in a log file; stopped with SIGTERM (SIGKILL after 5 s) on
// destruction.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "support/test_support.h"

namespace bulwark::test {

class BackgroundProcess {
 public:
  BackgroundProcess(std::vector<std::string> argv, fs::path log,
                    std::vector<std::string> environment = {});
  ~BackgroundProcess();
  BackgroundProcess(const BackgroundProcess&) = delete;
  BackgroundProcess& operator=(const BackgroundProcess&) = delete;

  // Waits until something accepts connections on 127.0.0.1:port; false (and the log in
  // `why`) when the process exits first or the time runs out.
  bool waitForPort(int port, int seconds, std::string& why);
  bool running();
  void stop();
  std::string log() const { return readFile(log_); }

 private:
  pid_t pid_ = -1;
  fs::path log_;
};

int freeLoopbackPort();
bool acceptsConnections(int port);
std::string findProgram(const std::string& name);  // on PATH; "" when absent

}  // namespace bulwark::test
