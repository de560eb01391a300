#include "util/log.h"

#include <atomic>
#include <iostream>

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
  std::cerr << "bulwark: " << levelName(level) << ": [" << component << "] " << message << '\n';
}

}  // namespace bulwark
