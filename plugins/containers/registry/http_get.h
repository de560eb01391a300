// One HTTP(S) GET with Poco, the body streamed to a callback. Redirects are followed (at most
// five); the Authorization header is only sent to the host it was meant for, so a registry that
// redirects blob downloads to a storage service never leaks its token there.
#pragma once

#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace bulwark::registry {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

class HttpError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct HttpOptions {
  int timeoutSeconds = 30;
  std::string caFile;  // PEM bundle for HTTPS; empty: the system's CAs
  bool verifyTls = true;
};

struct HttpResponse {
  int status = 0;
  HeaderList headers;
  std::string finalUrl;                               // after redirects
  std::string header(const std::string& name) const;  // case-insensitive; "" when absent
};

// Called with each chunk of a 2xx body; not called for other statuses (their body, capped at
// 64 KiB, is in `errorBody`).
using BodySink = std::function<void(const char* data, size_t size)>;

HttpResponse httpGet(const std::string& url, const HeaderList& headers, const HttpOptions& options,
                     const BodySink& sink, std::string* errorBody = nullptr);

}  // namespace bulwark::registry
