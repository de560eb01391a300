// The HTTP host of `bulwark server` (Poco HTTPServer), loopback by default. It serves a table
// of routes, the kernel's own (GET /healthz) and those plugins declare, and does for every
// route what no plugin should do itself: match the path (exactly, or as a prefix of whole
// segments), answer 405 with Allow for another method, refuse a request without the route's
// bearer token with 401 (learning nothing else), cap the body (413), and turn a failing
// handler into a 500 that says nothing of it.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "model/http_exchange.h"

namespace Poco::Net {
class HTTPServer;
}

namespace bulwark::server {

struct HttpRoute {
  std::string method;
  std::string path;
  bool prefix = false;  // also serves path + "/..."
  std::string token;    // the bearer token required; empty: none (liveness only)
  bool open = false;    // must be set for a route without a token
  std::string owner;    // "kernel" or the plugin id, for logs
  size_t maxBodyBytes = 4u * 1024u * 1024u;
  std::function<HttpAnswer(const HttpExchange&)> handler;
};

struct HttpHostOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 0;  // 0: any free port (see HttpHost::port)
  int threads = 4;
};

class HttpHost {
 public:
  // Throws std::runtime_error when the address cannot be bound, or a route neither has a
  // token nor is marked open.
  HttpHost(HttpHostOptions options, std::vector<HttpRoute> routes);
  ~HttpHost();  // stops serving; waits for requests in progress
  HttpHost(const HttpHost&) = delete;
  HttpHost& operator=(const HttpHost&) = delete;

  uint16_t port() const;
  void stop();

 private:
  HttpHostOptions options_;
  std::vector<HttpRoute> routes_;
  std::unique_ptr<Poco::Net::HTTPServer> server_;
};

// The kernel's liveness route: GET /healthz, no token.
HttpRoute healthRoute();

}  // namespace bulwark::server
