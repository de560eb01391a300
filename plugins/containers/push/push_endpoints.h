// The two routes of scan on push, as the containers plugin serves them in `bulwark server`
// (the kernel's HTTP host has checked token, method and body size already):
//   POST /v1/registry/events   registry notifications (the route's shared secret,
//                              BULWARK_NOTIFICATION_SECRET); answers 202 at once and queues the
//                              manifest pushes of the registries it is told to trust
//   GET  /v1/images[/DIGEST]   scan status of every image, or of one with its status history
//                              (the API token)
#pragma once

#include <bulwark/sdk/http.hpp>

#include <string>
#include <vector>

#include "push/image_status_board.h"
#include "push/push_log.h"
#include "push/scan_queue.h"

namespace bulwark::containers {

class PushEndpoints {
 public:
  // `trustedRegistries`: host[:port] of the registries whose pushes are scanned; pushes naming
  // any other registry are refused, so a forged notification cannot make the server fetch
  // from anywhere.
  PushEndpoints(std::vector<std::string> trustedRegistries, ImageStatusBoard& board,
                ScanQueue& queue, Logger log);

  sdk::HttpResponse events(const sdk::HttpRequest& request);
  sdk::HttpResponse images(const sdk::HttpRequest& request) const;

 private:
  bool trusted(const std::string& registry) const;

  std::vector<std::string> trustedRegistries_;
  ImageStatusBoard& board_;
  ScanQueue& queue_;
  Logger log_;
};

}  // namespace bulwark::containers
