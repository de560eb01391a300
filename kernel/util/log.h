// Diagnostics on stderr. Reports go to stdout or a file; logs never carry secrets (callers
// pass plugin text through redactText first).
#pragma once

#include <string>

namespace bulwark {

enum class LogLevel { Debug, Info, Warning, Error };

void setLogLevel(LogLevel minimum);
void logLine(LogLevel level, const std::string& component, const std::string& message);

}  // namespace bulwark
