// Finds reverse shells hidden in base64 inside a command line: `echo <b64> | base64 -d | bash`,
// `bash -c "$(echo ... | base64 --decode)"`, `python -c "exec(base64.b64decode('...'))"`.
// A YAML rule sees only the encoded text; this decodes every base64 run (layers within layers
// too) and looks for reverse-shell idioms in what comes out.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace bulwark::vm {

struct EncodedShellFinding {
  std::string decoded;    // the decoded command (at most kMaxDecodedShown bytes, then "...")
  std::string indicator;  // why it is a reverse shell, e.g. "/dev/tcp/ redirection"
  std::string encoded;    // the base64 run it came from (shortened when long)
};

inline constexpr size_t kMaxScannedBytes = 256 * 1024;  // of one command line
inline constexpr size_t kMaxDecodedShown = 1024;
inline constexpr int kMaxLayers = 3;

// Standard or URL-safe base64, padding optional; nullopt when `text` is not base64.
std::optional<std::string> decodeBase64(std::string_view text);

// The reverse-shell idiom in `command`, e.g. "/dev/tcp/ redirection"; "" when none.
std::string reverseShellIndicator(std::string_view command);

// The first base64 run of at least 16 characters in `commandLine` whose decoded text (printable,
// through up to kMaxLayers layers) holds a reverse shell. Only lines that mention base64
// decoding are looked at; only the first kMaxScannedBytes are.
std::optional<EncodedShellFinding> findEncodedReverseShell(std::string_view commandLine);

}  // namespace bulwark::vm
