// Whether and how the table report is coloured. Colour is for people at a terminal: never in
// a pipe or a file unless asked for, and never when NO_COLOR is set (https://no-color.org)
// unless asked for explicitly.
#pragma once

#include <optional>
#include <string>

#include "model/scan_record.h"

namespace bulwark {

enum class ColorMode { Auto, Always, Never };

std::optional<ColorMode> parseColorMode(const std::string& s);  // auto, always, never

// `noColorEnv` is the value of NO_COLOR (nullptr when unset); an empty value does not count.
bool shouldColor(ColorMode mode, bool outputIsTerminal, const char* noColorEnv);

// Whether stdout is a terminal.
bool stdoutIsTerminal();

namespace ansi {
inline constexpr const char* kReset = "\x1b[0m";
inline constexpr const char* kBold = "\x1b[1m";
inline constexpr const char* kRed = "\x1b[31m";
inline constexpr const char* kGreen = "\x1b[32m";
inline constexpr const char* kYellow = "\x1b[33m";
inline constexpr const char* kCyan = "\x1b[36m";
inline constexpr const char* kGrey = "\x1b[90m";

const char* forSeverity(Severity s);
const char* forState(AssessmentState s);
}  // namespace ansi

// `text` wrapped in `code` and a reset when `enabled`, else `text` unchanged.
std::string paint(const std::string& text, const char* code, bool enabled);

}  // namespace bulwark
