// `bulwark server`'s HTTP endpoint (Poco HTTPServer), loopback by default:
//   POST /v1/registry/events   registry notifications; needs the shared secret as
//                              "Authorization: Bearer <secret>"; answers 202 at once and
//                              queues the manifest pushes of registries it is told to trust
//   GET  /v1/images            scan status of every image; needs the API token
//   GET  /v1/images/<digest>   one image with its status history; needs the API token
//   GET  /healthz              liveness, no token
// A request without the right token gets 401 and learns nothing else. Bodies are capped.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "server/image_status_board.h"
#include "server/scan_queue.h"

namespace Poco::Net {
class HTTPServer;
}

namespace bulwark::server {

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 0;  // 0: any free port (see NotificationServer::port)
  std::string notificationSecret;
  std::string apiToken;
  // host[:port] of the registries whose pushes are scanned; pushes naming any other registry
  // are refused, so a forged notification cannot make the server fetch from anywhere.
  std::vector<std::string> trustedRegistries;
  size_t maxBodyBytes = 4u * 1024u * 1024u;
  int threads = 4;
};

class NotificationServer {
 public:
  // Throws std::runtime_error when a secret is empty or the address cannot be bound.
  NotificationServer(ServerOptions options, ImageStatusBoard& board, ScanQueue& queue);
  ~NotificationServer();
  NotificationServer(const NotificationServer&) = delete;
  NotificationServer& operator=(const NotificationServer&) = delete;

  uint16_t port() const;

 private:
  ServerOptions options_;
  std::unique_ptr<Poco::Net::HTTPServer> server_;
};

}  // namespace bulwark::server
