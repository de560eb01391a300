// Starts Azurite's Blob service (Microsoft's storage emulator) on a free loopback port in a
// temporary folder for one test, and stops it on destruction. When node or Azurite is missing
// the instance is unavailable and says why, so the test can skip with a warning.
#pragma once

#include <memory>
#include <string>

#include "support/background_process.h"
#include "support/test_support.h"

namespace bulwark::test {

class Azurite {
 public:
  // The emulator's well-known development account, published in Microsoft's Azurite docs.
  static constexpr const char* kAccount = "devstoreaccount1";
  static constexpr const char* kKey =
      "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

  Azurite();
  ~Azurite();
  Azurite(const Azurite&) = delete;
  Azurite& operator=(const Azurite&) = delete;

  bool available() const { return process_ != nullptr; }
  const std::string& whyUnavailable() const { return why_; }
  // Path-style Blob endpoint, http://127.0.0.1:<port>/devstoreaccount1.
  std::string endpoint() const;

 private:
  TempDir dir_;
  std::unique_ptr<BackgroundProcess> process_;
  int port_ = 0;
  std::string why_;
};

}  // namespace bulwark::test
