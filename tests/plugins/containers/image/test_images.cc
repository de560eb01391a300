#include "image/test_images.h"

#include <catch2/catch.hpp>
#include <cstdio>
#include <string>

#include "support/test_support.h"

namespace bulwark::test {

std::filesystem::path testImages() {
  static bool tried = false;
  static std::filesystem::path dir;
  static std::string failure;
  if (!tried) {
    tried = true;
    std::string command = "'" + (sourceDir() / "scripts/make-test-images").string() + "' 2>&1";
    RunResult run = runShell(command);
    std::string& output = run.out;
    if (run.exitCode == 0) {
      while (!output.empty() && (output.back() == '\n' || output.back() == '\r'))
        output.pop_back();
      dir = output.substr(output.rfind('\n') + 1);
    } else {
      failure = output;
    }
  }
  if (dir.empty()) BULWARK_SKIP("test images unavailable, skipping: " << failure);
  return dir;
}

}  // namespace bulwark::test
