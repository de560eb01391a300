// HTTP routes a plugin serves in `bulwark server` (ABI 1.2). The kernel owns the listener: it
// checks the route's token (the API token, or the plugin's own secret from the environment),
// the method and the body size before the plugin sees a request.
#ifndef BULWARK_SDK_HTTP_HPP
#define BULWARK_SDK_HTTP_HPP

#include <bulwark/plugin.h>
#include <bulwark/sdk/bw_str.hpp>
#include <bulwark/sdk/text.hpp>

#include <cctype>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bulwark::sdk {

struct HttpRequest {
  std::string method;
  std::string path;  // without the query string
  std::string query;
  std::string contentType;
  std::string body;
  std::string clientAddress;
  std::vector<std::pair<std::string, std::string>> headers;

  // The first header of that name (case-insensitive), or "".
  std::string header(std::string_view name) const {
    for (const auto& [n, v] : headers) {
      if (iequals(n, name)) return v;
    }
    return {};
  }

  static HttpRequest fromWire(const bw_http_request& r) {
    HttpRequest out{std::string(fromBw(r.method)),
                    std::string(fromBw(r.path)),
                    std::string(fromBw(r.query)),
                    std::string(fromBw(r.content_type)),
                    std::string(fromBw(r.body)),
                    std::string(fromBw(r.client_address)),
                    {}};
    for (size_t i = 0; i < r.header_count; ++i)
      out.headers.emplace_back(fromBw(r.headers[i].name), fromBw(r.headers[i].value));
    return out;
  }
};

struct HttpResponse {
  int status = 200;
  std::string contentType = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;

  static HttpResponse json(int status, std::string body) {
    return {status, "application/json", std::move(body), {}};
  }
};

// Who may call a route.
enum class RouteAuth {
  ApiToken,  // the server's API token (BULWARK_API_TOKEN), as "Authorization: Bearer <token>"
  Secret,    // the route's own shared secret, read from the environment variable `secretEnv`
};

}  // namespace bulwark::sdk

#endif  // BULWARK_SDK_HTTP_HPP
