// Bearer token checks of the HTTP host.
#pragma once

#include <string>

namespace bulwark::server {

// True when `authorizationHeader` is "Bearer <expected>", compared in constant time. An empty
// `expected` never matches.
bool bearerMatches(const std::string& authorizationHeader, const std::string& expected);

}  // namespace bulwark::server
