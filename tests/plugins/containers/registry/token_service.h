// A Docker registry token service for the tests (the role docker_auth or Harbor's core play
// in production): it checks Basic credentials, grants the requested repository actions, and
// signs an RS256 JWT with an x5c certificate header that the real registry, configured with
// `auth.token`, verifies against its rootcertbundle. The registry under test is real; this is
// the identity provider it trusts.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "support/test_support.h"

namespace Poco::Net {
class HTTPServer;
}

namespace bulwark::test {

class TokenService {
 public:
  TokenService(std::string username, std::string password, std::string service, std::string issuer);
  ~TokenService();

  bool available() const { return server_ != nullptr; }
  const std::string& whyUnavailable() const { return why_; }
  std::string realm() const;  // http://127.0.0.1:<port>/token
  fs::path certificate() const { return dir_ / "cert.pem"; }
  const std::string& service() const { return service_; }
  const std::string& issuer() const { return issuer_; }
  std::vector<std::string> scopesRequested() const;  // every scope asked for, in order

  struct State;

 private:
  TempDir dir_;
  std::string service_;
  std::string issuer_;
  std::string why_;
  std::shared_ptr<State> state_;
  std::unique_ptr<Poco::Net::HTTPServer> server_;
};

}  // namespace bulwark::test
