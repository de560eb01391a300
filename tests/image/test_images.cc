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
    std::string output;
    if (FILE* pipe = popen(command.c_str(), "r")) {
      char buffer[4096];
      size_t n;
      while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0)
        output.append(buffer, n);
      int status = pclose(pipe);
      if (status == 0) {
        while (!output.empty() && (output.back() == '\n' || output.back() == '\r'))
          output.pop_back();
        dir = output.substr(output.rfind('\n') + 1);
      } else {
        failure = output;
      }
    }
  }
  if (dir.empty()) WARN("test images unavailable, skipping: " << failure);
  return dir;
}

}  // namespace bulwark::test
