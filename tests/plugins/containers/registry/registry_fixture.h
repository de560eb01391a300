// The real Debian `docker-registry` (distribution 2.8) on a free loopback port for one test,
// optionally behind htpasswd Basic auth and sending notifications to an endpoint; and images
// made without a Docker engine: umoci builds an OCI layout, skopeo pushes it.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "support/background_process.h"
#include "support/test_support.h"

namespace bulwark::test {

struct RegistryFixtureOptions {
  std::string username;  // non-empty: htpasswd Basic auth with this user
  std::string password;
  std::string tokenRealm;  // non-empty: Bearer token auth with this token service
  std::string tokenService;
  std::string tokenIssuer;
  std::string tokenRootCertificate;  // PEM the registry verifies token signatures against
  std::string notifyUrl;             // non-empty: notifications endpoint
  std::string notifySecret;          // sent as Authorization: Bearer <secret>
};

class RegistryFixture {
 public:
  explicit RegistryFixture(RegistryFixtureOptions options = {});
  bool available() const { return process_ != nullptr; }
  const std::string& whyUnavailable() const { return why_; }
  std::string host() const { return "127.0.0.1:" + std::to_string(port_); }
  const fs::path& storageDir() const { return storage_; }
  std::string log() const { return process_ ? process_->log() : std::string(); }

 private:
  TempDir dir_;
  fs::path storage_;
  int port_ = 0;
  std::string why_;
  std::unique_ptr<BackgroundProcess> process_;
};

// Why the image tools are missing, or "" when umoci and skopeo are both installed.
std::string imageToolsMissing();

// An OCI layout at `layout` with image `tag`: one layer holding `files` (path -> content).
void makeOciImage(const fs::path& layout, const std::string& tag,
                  const std::vector<std::pair<std::string, std::string>>& files);

// An OCI layout whose only layer is not an archive (right digest, garbage content).
void makeCorruptOciImage(const fs::path& layout, const std::string& tag);

// Pushes oci:<layout>:<tag> to docker://<registryHost>/<repositoryAndTag> with skopeo;
// returns the manifest digest the registry stored. Throws with skopeo's output on failure.
std::string pushImage(const fs::path& layout, const std::string& tag,
                      const std::string& registryHost, const std::string& repositoryAndTag,
                      const std::string& username = {}, const std::string& password = {});

// Runs argv (no shell); returns exit code, output (stdout+stderr) in `output`.
int runProgram(const std::vector<std::string>& argv, std::string& output);

}  // namespace bulwark::test
