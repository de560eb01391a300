#include "server/http_host.h"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>

#include <istream>
#include <stdexcept>

#include "server/bearer_token.h"
#include "util/log.h"

namespace bulwark::server {
namespace {

using Poco::Net::HTTPServerRequest;
using Poco::Net::HTTPServerResponse;

void send(HTTPServerResponse& response, const HttpAnswer& answer) {
  response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(answer.status));
  response.setContentType(answer.contentType);
  response.set("Cache-Control", "no-store");
  for (const auto& [name, value] : answer.headers)
    response.set(name, value);
  response.setContentLength(static_cast<std::streamsize>(answer.body.size()));
  response.send() << answer.body;
}

HttpAnswer error(int status, const std::string& message) {
  HttpAnswer a;
  a.status = status;
  a.body = "{\"error\":\"" + message + "\"}";
  return a;
}

bool pathMatches(const HttpRoute& route, const std::string& path) {
  if (path == route.path) return true;
  return route.prefix && path.size() > route.path.size() + 1 &&
         path.compare(0, route.path.size(), route.path) == 0 && path[route.path.size()] == '/';
}

// Reads at most `limit` bytes; false when the body is longer.
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

class Handler : public Poco::Net::HTTPRequestHandler {
 public:
  explicit Handler(const std::vector<HttpRoute>& routes) : routes_(routes) {}

  void handleRequest(HTTPServerRequest& request, HTTPServerResponse& response) override {
    try {
      send(response, answer(request));
    } catch (const std::exception& e) {
      logLine(LogLevel::Error, "server", std::string("cannot answer a request: ") + e.what());
    }
  }

 private:
  HttpAnswer answer(HTTPServerRequest& request) {
    const std::string& uri = request.getURI();
    size_t mark = uri.find('?');
    HttpExchange in;
    in.path = uri.substr(0, mark);
    in.query = mark == std::string::npos ? "" : uri.substr(mark + 1);
    in.method = request.getMethod();
    const HttpRoute* route = nullptr;
    std::string allowed;
    for (const auto& r : routes_) {
      if (!pathMatches(r, in.path)) continue;
      if (r.method == in.method) {
        route = &r;
        break;
      }
      allowed += (allowed.empty() ? "" : ", ") + r.method;
    }
    if (route == nullptr && !allowed.empty()) {
      HttpAnswer a = error(405, "method not allowed");
      a.headers.emplace_back("Allow", allowed);
      return a;
    }
    if (route == nullptr) return error(404, "no such endpoint");
    if (!route->open && !bearerMatches(request.get("Authorization", ""), route->token)) {
      logLine(LogLevel::Warning, "server",
              "refused " + in.method + " " + uri + " from " +
                  request.clientAddress().host().toString() + ": missing or wrong token");
      HttpAnswer a = error(401, "unauthorized");
      a.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"bulwark\"");
      return a;
    }
    if (!readBody(request, route->maxBodyBytes, in.body))
      return error(413, "body larger than " + std::to_string(route->maxBodyBytes) + " bytes");
    in.contentType = request.getContentType();
    in.clientAddress = request.clientAddress().host().toString();
    for (const auto& [name, value] : request)
      if (name != "Authorization") in.headers.emplace_back(name, value);
    try {
      return route->handler(in);
    } catch (const std::exception& e) {
      logLine(LogLevel::Error, route->owner, in.method + " " + in.path + ": " + e.what());
      return error(500, "internal error");
    }
  }

  const std::vector<HttpRoute>& routes_;
};

class Factory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit Factory(const std::vector<HttpRoute>& routes) : routes_(routes) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(const HTTPServerRequest&) override {
    return new Handler(routes_);
  }

 private:
  const std::vector<HttpRoute>& routes_;
};

}  // namespace

HttpHost::HttpHost(HttpHostOptions options, std::vector<HttpRoute> routes)
    : options_(std::move(options)), routes_(std::move(routes)) {
  for (const auto& r : routes_) {
    if (r.token.empty() && !r.open)
      throw std::runtime_error(r.method + " " + r.path + " (" + r.owner + ") has no token set");
  }
  try {
    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress(options_.host, options_.port));
    auto* params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(options_.threads);
    params->setKeepAlive(true);
    server_ = std::make_unique<Poco::Net::HTTPServer>(new Factory(routes_), socket, params);
    server_->start();
  } catch (const Poco::Exception& e) {
    throw std::runtime_error("cannot listen on " + options_.host + ":" +
                             std::to_string(options_.port) + ": " + e.displayText());
  }
}

HttpHost::~HttpHost() {
  stop();
}

void HttpHost::stop() {
  if (server_) {
    server_->stopAll(true);
    server_.reset();
  }
}

uint16_t HttpHost::port() const {
  return server_ ? server_->port() : 0;
}

HttpRoute healthRoute() {
  HttpRoute r;
  r.method = "GET";
  r.path = "/healthz";
  r.open = true;
  r.owner = "kernel";
  r.handler = [](const HttpExchange&) {
    HttpAnswer a;
    a.status = 200;
    a.body = "{\"status\":\"ok\"}";
    return a;
  };
  return r;
}

}  // namespace bulwark::server
