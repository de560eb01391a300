// Parses a WWW-Authenticate header (RFC 7235) as registries send it:
//   Bearer realm="https://auth.example/token",service="registry.example",scope="repository:a:pull"
//   Basic realm="basic-realm"
#pragma once

#include <map>
#include <string>

namespace bulwark::registry {

struct AuthChallenge {
  std::string scheme;                         // "bearer" or "basic", lowercased; empty when none
  std::map<std::string, std::string> params;  // keys lowercased, values unquoted
  std::string param(const std::string& key) const;
};

// Only the first challenge is read. Never throws; a malformed header yields what parsed.
AuthChallenge parseAuthChallenge(const std::string& header);

}  // namespace bulwark::registry
