#include "plugins/storage/azurite.h"

#include <unistd.h>

#include <cstdlib>
#include <vector>

namespace bulwark::test {
namespace {

std::string findAzurite() {
  if (const char* env = std::getenv("BULWARK_AZURITE"); env != nullptr && *env != '\0') return env;
  fs::path local = sourceDir() / "tools" / "azurite" / "node_modules" / ".bin" / "azurite-blob";
  if (::access(local.c_str(), X_OK) == 0) return local.string();
  return findProgram("azurite-blob");
}

}  // namespace

Azurite::Azurite() {
  std::string binary = findAzurite();
  if (binary.empty()) {
    why_ = "azurite-blob not found (run scripts/install-deps, or set BULWARK_AZURITE)";
    return;
  }
  port_ = freeLoopbackPort();
  fs::path workspace = dir_ / "workspace";
  fs::create_directories(workspace);
  process_ = std::make_unique<BackgroundProcess>(
      std::vector<std::string>{binary, "--blobHost", "127.0.0.1", "--blobPort",
                               std::to_string(port_), "--location", workspace.string(), "--loose",
                               "--skipApiVersionCheck", "--disableTelemetry", "--silent"},
      dir_ / "azurite.log");
  if (!process_->waitForPort(port_, 30, why_)) {
    why_ = "azurite-blob " + why_;
    process_.reset();
  }
}

Azurite::~Azurite() = default;

std::string Azurite::endpoint() const {
  return "http://127.0.0.1:" + std::to_string(port_) + "/" + kAccount;
}

}  // namespace bulwark::test
