#include "encoded_shell.h"

#include <bulwark/sdk/text.hpp>

#include <algorithm>
#include <cctype>

namespace bulwark::vm {
namespace {

constexpr size_t kMinRun = 16;

int sextet(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+' || c == '-') return 62;
  if (c == '/' || c == '_') return 63;
  return -1;
}

bool isRunChar(char c) {
  return sextet(c) >= 0 || c == '=';
}

bool contains(std::string_view text, std::string_view what) {
  return text.find(what) != std::string_view::npos;
}

// Text a person or an interpreter would read: decoded binary is not a command.
bool printable(std::string_view s) {
  if (s.empty()) return false;
  size_t good = 0;
  for (unsigned char c : s)
    good += (c >= 0x20 && c < 0x7f) || c == '\n' || c == '\r' || c == '\t';
  return good * 100 >= s.size() * 95;
}

// Looked for in the whole line (the decoding step often follows a long payload), with plain
// substring searches: every event's text passes here, and almost none mentions base64.
bool mentionsDecoding(std::string_view text) {
  if (text.find("64") == std::string_view::npos) return false;  // in every spelling below
  return text.find("ase64") != std::string_view::npos ||        // base64, Base64 (FromBase64String)
         text.find("ASE64") != std::string_view::npos ||        // BASE64
         text.find("64decode") != std::string_view::npos ||     // b64decode, urlsafe_b64decode
         text.find("64DECODE") != std::string_view::npos;
}

// Whole-word "nc"/"ncat"/"netcat" followed, before the next command separator, by -e or -c.
bool netcatExec(std::string_view s) {
  for (std::string_view tool : {"ncat", "netcat", "nc"}) {
    for (size_t at = s.find(tool); at != std::string_view::npos; at = s.find(tool, at + 1)) {
      bool startOk = at == 0 || s[at - 1] == ' ' || s[at - 1] == '/' || s[at - 1] == ';' ||
                     s[at - 1] == '|' || s[at - 1] == '(' || s[at - 1] == '&';
      size_t end = at + tool.size();
      if (!startOk || end >= s.size() || s[end] != ' ') continue;
      size_t stop = s.find_first_of(";|&\n", end);
      std::string_view args = s.substr(end, stop == std::string_view::npos ? s.npos : stop - end);
      for (std::string_view flag : {" -e ", " -c ", " --exec ", " --sh-exec ", " -e/", " -e\t"}) {
        if (contains(std::string(args) + " ", flag)) return true;
      }
    }
  }
  return false;
}

std::string shortened(std::string_view s, size_t limit) {
  if (s.size() <= limit) return std::string(s);
  return std::string(s.substr(0, limit)) + "...";
}

// Decoded text holding a reverse shell, directly or in a further base64 layer.
bool holdsReverseShell(std::string_view decoded, int layer, std::string& indicator,
                       std::string& innermost) {
  indicator = reverseShellIndicator(decoded);
  if (!indicator.empty()) {
    innermost = std::string(decoded);
    return true;
  }
  if (layer >= kMaxLayers) return false;
  size_t i = 0;
  while (i < decoded.size()) {
    if (!isRunChar(decoded[i])) {
      ++i;
      continue;
    }
    size_t start = i;
    while (i < decoded.size() && isRunChar(decoded[i]))
      ++i;
    if (i - start < kMinRun) continue;
    auto inner = decodeBase64(decoded.substr(start, i - start));
    if (inner && printable(*inner) && holdsReverseShell(*inner, layer + 1, indicator, innermost))
      return true;
  }
  return false;
}

}  // namespace

std::optional<std::string> decodeBase64(std::string_view text) {
  while (!text.empty() && text.back() == '=')
    text.remove_suffix(1);
  if (text.size() % 4 == 1) return std::nullopt;
  std::string out;
  out.reserve(text.size() * 3 / 4);
  uint32_t acc = 0;
  int bits = 0;
  for (char c : text) {
    int v = sextet(c);
    if (v < 0) return std::nullopt;
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xff));
    }
  }
  return out;
}

std::string reverseShellIndicator(std::string_view command) {
  std::string s = sdk::lower(command);
  if (contains(s, "/dev/tcp/") || contains(s, "/dev/udp/")) return "/dev/tcp/ redirection";
  if (netcatExec(s)) return "netcat executing a shell (-e/-c)";
  if (contains(s, "mkfifo") && (contains(s, "nc ") || contains(s, "ncat ") ||
                                contains(s, "telnet ") || contains(s, "openssl s_client")))
    return "named pipe relaying a shell over the network";
  if (contains(s, "socat") && contains(s, "exec:") && contains(s, "tcp")) return "socat exec";
  bool socket = contains(s, "socket") && contains(s, "connect");
  if (socket && (contains(s, "subprocess") || contains(s, "pty.spawn") || contains(s, "os.dup2")))
    return "python socket connected to a shell";
  if (contains(s, "use socket") && (contains(s, "exec(") || contains(s, "exec ")) &&
      contains(s, "/bin/"))
    return "perl socket connected to a shell";
  if (contains(s, "fsockopen") &&
      (contains(s, "exec(") || contains(s, "shell_exec") || contains(s, "system(") ||
       contains(s, "proc_open") || contains(s, "popen")))
    return "php fsockopen connected to a shell";
  if (contains(s, "tcpsocket") && (contains(s, "exec") || contains(s, "spawn") ||
                                   contains(s, "popen") || contains(s, "/bin/sh")))
    return "ruby TCPSocket connected to a shell";
  if (contains(s, "net.sockets.tcpclient") && contains(s, "iex")) return "PowerShell TCP client";
  return {};
}

std::optional<EncodedShellFinding> findEncodedReverseShell(std::string_view commandLine) {
  if (!mentionsDecoding(commandLine)) return std::nullopt;
  if (commandLine.size() > kMaxScannedBytes) commandLine = commandLine.substr(0, kMaxScannedBytes);
  size_t i = 0;
  while (i < commandLine.size()) {
    if (!isRunChar(commandLine[i])) {
      ++i;
      continue;
    }
    size_t start = i;
    while (i < commandLine.size() && isRunChar(commandLine[i]))
      ++i;
    std::string_view run = commandLine.substr(start, i - start);
    // A run cut by the scanning limit still decodes up to its last whole quantum.
    if (i == commandLine.size() && commandLine.size() == kMaxScannedBytes)
      run.remove_suffix(run.size() % 4);
    if (run.size() < kMinRun) continue;
    auto decoded = decodeBase64(run);
    if (!decoded || !printable(*decoded)) continue;
    std::string indicator, innermost;
    if (holdsReverseShell(*decoded, 1, indicator, innermost)) {
      return EncodedShellFinding{shortened(innermost, kMaxDecodedShown), indicator,
                                 shortened(run, 200)};
    }
  }
  return std::nullopt;
}

}  // namespace bulwark::vm
