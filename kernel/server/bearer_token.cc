#include "server/bearer_token.h"

#include <openssl/crypto.h>

namespace bulwark::server {

bool bearerMatches(const std::string& authorizationHeader, const std::string& expected) {
  const std::string prefix = "Bearer ";
  if (expected.empty() || authorizationHeader.rfind(prefix, 0) != 0) return false;
  std::string presented = authorizationHeader.substr(prefix.size());
  if (presented.size() != expected.size()) return false;
  return CRYPTO_memcmp(presented.data(), expected.data(), expected.size()) == 0;
}

}  // namespace bulwark::server
