#include "server/notification_server.h"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>

#include <algorithm>
#include <istream>
#include <nlohmann/json.hpp>

#include "registry/image_reference.h"
#include "server/bearer_token.h"
#include "util/log.h"

namespace bulwark::server {
namespace {

using nlohmann::json;
using Poco::Net::HTTPResponse;
using Poco::Net::HTTPServerRequest;
using Poco::Net::HTTPServerResponse;

void reply(HTTPServerResponse& response, HTTPResponse::HTTPStatus status, const json& body) {
  response.setStatus(status);
  response.setContentType("application/json");
  response.set("Cache-Control", "no-store");
  std::string text = body.dump();
  response.setContentLength(static_cast<std::streamsize>(text.size()));
  response.send() << text;
}

json statusJson(const ImageStatus& image, bool withHistory) {
  json out = {{"digest", image.digest},
              {"registry", image.registry},
              {"repository", image.repository},
              {"tags", image.tags},
              {"status", scanStatusName(image.status)}};
  if (!image.reason.empty()) out["reason"] = image.reason;
  if (!image.summary.empty()) out["summary"] = image.summary;
  if (withHistory) {
    json history = json::array();
    for (const auto& change : image.history)
      history.push_back({{"status", scanStatusName(change.status)}, {"at", change.atMillis}});
    out["history"] = history;
  }
  return out;
}

// Reads at most `limit` bytes; returns false when the body is longer.
bool readBody(HTTPServerRequest& request, size_t limit, std::string& body) {
  if (request.getContentLength() != HTTPServerRequest::UNKNOWN_CONTENT_LENGTH &&
      request.getContentLength() > static_cast<std::streamsize>(limit))
    return false;
  std::istream& in = request.stream();
  char buffer[16 * 1024];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    body.append(buffer, static_cast<size_t>(in.gcount()));
    if (body.size() > limit) return false;
  }
  return true;
}

bool trusted(const std::vector<std::string>& registries, const std::string& registry) {
  return std::find(registries.begin(), registries.end(), registry) != registries.end();
}

class Handler : public Poco::Net::HTTPRequestHandler {
 public:
  Handler(const ServerOptions& options, ImageStatusBoard& board, ScanQueue& queue)
      : options_(options), board_(board), queue_(queue) {}

  void handleRequest(HTTPServerRequest& request, HTTPServerResponse& response) override {
    const std::string path = request.getURI().substr(0, request.getURI().find('?'));
    const std::string& method = request.getMethod();
    if (path == "/healthz" && method == "GET") {
      reply(response, HTTPResponse::HTTP_OK, {{"status", "ok"}});
    } else if (path == "/v1/registry/events") {
      if (method != "POST") return methodNotAllowed(response, "POST");
      if (!authorised(request, response, options_.notificationSecret)) return;
      events(request, response);
    } else if (path == "/v1/images" || path.rfind("/v1/images/", 0) == 0) {
      if (method != "GET") return methodNotAllowed(response, "GET");
      if (!authorised(request, response, options_.apiToken)) return;
      images(path, response);
    } else {
      reply(response, HTTPResponse::HTTP_NOT_FOUND, {{"error", "no such endpoint"}});
    }
  }

 private:
  void methodNotAllowed(HTTPServerResponse& response, const char* allowed) {
    response.set("Allow", allowed);
    reply(response, HTTPResponse::HTTP_METHOD_NOT_ALLOWED, {{"error", "method not allowed"}});
  }

  bool authorised(HTTPServerRequest& request, HTTPServerResponse& response,
                  const std::string& expected) {
    if (bearerMatches(request.get("Authorization", ""), expected)) return true;
    logLine(LogLevel::Warning, "server",
            "refused " + request.getMethod() + " " + request.getURI() + " from " +
                request.clientAddress().host().toString() + ": missing or wrong token");
    response.set("WWW-Authenticate", "Bearer realm=\"bulwark\"");
    reply(response, HTTPResponse::HTTP_UNAUTHORIZED, {{"error", "unauthorized"}});
    return false;
  }

  void events(HTTPServerRequest& request, HTTPServerResponse& response) {
    std::string type = request.getContentType().substr(0, request.getContentType().find(';'));
    if (type != kEventsMediaType && type != "application/json") {
      reply(response, HTTPResponse::HTTP_UNSUPPORTEDMEDIATYPE,
            {{"error", std::string("expected ") + kEventsMediaType}});
      return;
    }
    std::string body;
    if (!readBody(request, options_.maxBodyBytes, body)) {
      reply(response, HTTPResponse::HTTP_REQUEST_ENTITY_TOO_LARGE,
            {{"error", "body larger than " + std::to_string(options_.maxBodyBytes) + " bytes"}});
      return;
    }
    EventBatch batch;
    try {
      batch = parseRegistryEvents(body);
    } catch (const EventsError& e) {
      logLine(LogLevel::Warning, "server", std::string("bad registry notification: ") + e.what());
      reply(response, HTTPResponse::HTTP_BAD_REQUEST, {{"error", e.what()}});
      return;
    }
    size_t queued = 0, duplicate = 0, refused = 0, full = 0;
    for (const auto& push : batch.pushes) {
      if (!trusted(options_.trustedRegistries, push.registry)) {
        ++refused;
        logLine(LogLevel::Warning, "server",
                "ignored push of " + push.repository + "@" + push.digest + ": registry " +
                    push.registry + " is not trusted (--registry)");
        continue;
      }
      switch (queue_.offer(push)) {
        case ScanQueue::Offer::Queued:
          ++queued;
          logLine(LogLevel::Info, "server",
                  "queued " + push.registry + "/" + push.repository + "@" + push.digest);
          break;
        case ScanQueue::Offer::Duplicate:
          ++duplicate;
          break;
        case ScanQueue::Offer::Full:
          ++full;
          break;
      }
    }
    reply(response, HTTPResponse::HTTP_ACCEPTED,
          {{"queued", queued},
           {"duplicate", duplicate},
           {"untrusted", refused},
           {"dropped_queue_full", full},
           {"ignored", batch.ignored}});
  }

  void images(const std::string& path, HTTPServerResponse& response) {
    if (path == "/v1/images") {
      json list = json::array();
      for (const auto& image : board_.list())
        list.push_back(statusJson(image, false));
      reply(response, HTTPResponse::HTTP_OK, {{"images", list}});
      return;
    }
    std::string digest = path.substr(std::string("/v1/images/").size());
    auto image = board_.get(digest);
    if (!image) {
      reply(response, HTTPResponse::HTTP_NOT_FOUND, {{"error", "unknown image digest"}});
      return;
    }
    reply(response, HTTPResponse::HTTP_OK, statusJson(*image, true));
  }

  const ServerOptions& options_;
  ImageStatusBoard& board_;
  ScanQueue& queue_;
};

class Factory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  Factory(const ServerOptions& options, ImageStatusBoard& board, ScanQueue& queue)
      : options_(options), board_(board), queue_(queue) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(const HTTPServerRequest&) override {
    return new Handler(options_, board_, queue_);
  }

 private:
  const ServerOptions& options_;
  ImageStatusBoard& board_;
  ScanQueue& queue_;
};

}  // namespace

NotificationServer::NotificationServer(ServerOptions options, ImageStatusBoard& board,
                                       ScanQueue& queue)
    : options_(std::move(options)) {
  if (options_.notificationSecret.empty())
    throw std::runtime_error("the server needs a notification secret");
  if (options_.apiToken.empty()) throw std::runtime_error("the server needs an API token");
  try {
    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress(options_.host, options_.port));
    auto* params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(options_.threads);
    params->setKeepAlive(true);
    server_ = std::make_unique<Poco::Net::HTTPServer>(new Factory(options_, board, queue), socket,
                                                      params);
    server_->start();
  } catch (const Poco::Exception& e) {
    throw std::runtime_error("cannot listen on " + options_.host + ":" +
                             std::to_string(options_.port) + ": " + e.displayText());
  }
}

NotificationServer::~NotificationServer() {
  if (server_) server_->stopAll(true);
}

uint16_t NotificationServer::port() const {
  return server_->port();
}

}  // namespace bulwark::server
