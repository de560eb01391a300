// One HTTP/1.1 GET ("Connection: close"), over TLS or plain TCP, within one deadline; the
// status, the header fields in order, and at most kMaxBody bytes of the (de-chunked) body.
#pragma once

#include <openssl/ssl.h>

#include <string>
#include <utility>
#include <vector>

#include "live/connection.h"

namespace bulwark::appservice::live {

inline constexpr size_t kMaxBody = 64 * 1024;

struct HttpResponse {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // names as the server wrote them
  std::string body;

  // Every value of the header `name` (any case).
  std::vector<std::string> all(const std::string& name) const;
  // The first value, or "".
  std::string first(const std::string& name) const;
};

struct HttpTarget {
  std::string host;  // where to connect
  int port = 0;
  std::string serverName;  // SNI, when tls is set
  std::string hostHeader;
  SSL_CTX* tls = nullptr;  // nullptr: plain http
};

// Throws ConnectionError (naming the step) when the server cannot be reached, does not answer
// before `deadline` or answers something that is not HTTP.
HttpResponse httpGet(const HttpTarget& target, const std::string& path, Clock::time_point deadline);

}  // namespace bulwark::appservice::live
