#include "report/terminal_color.h"

#include <unistd.h>

namespace bulwark {

std::optional<ColorMode> parseColorMode(const std::string& s) {
  if (s == "auto") return ColorMode::Auto;
  if (s == "always") return ColorMode::Always;
  if (s == "never") return ColorMode::Never;
  return std::nullopt;
}

bool shouldColor(ColorMode mode, bool outputIsTerminal, const char* noColorEnv) {
  if (mode == ColorMode::Always) return true;
  if (mode == ColorMode::Never) return false;
  bool noColor = noColorEnv != nullptr && noColorEnv[0] != '\0';
  return outputIsTerminal && !noColor;
}

bool stdoutIsTerminal() {
  return isatty(STDOUT_FILENO) == 1;
}

namespace ansi {

const char* forSeverity(Severity s) {
  switch (s) {
    case Severity::High:
      return kRed;
    case Severity::Medium:
      return kYellow;
    case Severity::Low:
      return kCyan;
    case Severity::Informational:
      return kGrey;
  }
  return kReset;
}

const char* forState(AssessmentState s) {
  switch (s) {
    case AssessmentState::Healthy:
      return kGreen;
    case AssessmentState::Unhealthy:
      return kRed;
    case AssessmentState::Error:
      return kYellow;
    case AssessmentState::Exempt:
    case AssessmentState::NotApplicable:
      return kGrey;
  }
  return kReset;
}

}  // namespace ansi

std::string paint(const std::string& text, const char* code, bool enabled) {
  if (!enabled) return text;
  return std::string(code) + text + ansi::kReset;
}

}  // namespace bulwark
