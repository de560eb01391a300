#include "util/log.h"

#include <atomic>
#include <iostream>
#include <mutex>

namespace bulwark {
namespace {

std::atomic<LogLevel> gMinimum{LogLevel::Warning};

const char* levelName(LogLevel l) {
  switch (l) {
    case LogLevel::Debug:
      return "debug";
    case LogLevel::Info:
      return "info";
    case LogLevel::Warning:
      return "warning";
    case LogLevel::Error:
      return "error";
  }
  return "info";
}

}  // namespace

void setLogLevel(LogLevel minimum) {
  gMinimum = minimum;
}

void logLine(LogLevel level, const std::string& component, const std::string& message) {
  if (level < gMinimum.load()) return;
  // One write per line, under a lock: plugin services log from their own threads.
  std::string line =
      std::string("bulwark: ") + levelName(level) + ": [" + component + "] " + message + '\n';
  static std::mutex mutex;
  std::lock_guard lock(mutex);
  std::cerr << line << std::flush;
}

}  // namespace bulwark
