#include "registry/http_get.h"

#include <Poco/Exception.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Timespan.h>
#include <Poco/URI.h>
#include <strings.h>

#include <istream>
#include <memory>
#include <mutex>

namespace bulwark::registry {
namespace {

constexpr int kMaxRedirects = 5;
constexpr size_t kMaxErrorBody = 64 * 1024;

std::unique_ptr<Poco::Net::HTTPClientSession> openSession(const Poco::URI& uri,
                                                          const HttpOptions& options) {
  std::unique_ptr<Poco::Net::HTTPClientSession> session;
  if (uri.getScheme() == "https") {
    static std::once_flag once;
    std::call_once(once, [] { Poco::Net::initializeSSL(); });
    auto mode =
        options.verifyTls ? Poco::Net::Context::VERIFY_RELAXED : Poco::Net::Context::VERIFY_NONE;
    Poco::Net::Context::Ptr tls =
        new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", "", options.caFile, mode, 9,
                               options.caFile.empty(), "ALL:!ADH:!LOW:!EXP:!MD5:@STRENGTH");
    session = std::make_unique<Poco::Net::HTTPSClientSession>(uri.getHost(), uri.getPort(), tls);
  } else if (uri.getScheme() == "http") {
    session = std::make_unique<Poco::Net::HTTPClientSession>(uri.getHost(), uri.getPort());
  } else {
    throw HttpError("unsupported URL scheme '" + uri.getScheme() + "' in " + uri.toString());
  }
  session->setTimeout(Poco::Timespan(options.timeoutSeconds, 0));
  return session;
}

std::string hostKey(const Poco::URI& uri) {
  return uri.getScheme() + "://" + uri.getHost() + ":" + std::to_string(uri.getPort());
}

}  // namespace

std::string HttpResponse::header(const std::string& name) const {
  for (const auto& [key, value] : headers)
    if (strcasecmp(key.c_str(), name.c_str()) == 0) return value;
  return {};
}

HttpResponse httpGet(const std::string& url, const HeaderList& headers, const HttpOptions& options,
                     const BodySink& sink, std::string* errorBody) {
  Poco::URI uri;
  try {
    uri = Poco::URI(url);
  } catch (const Poco::Exception& e) {
    throw HttpError("bad URL '" + url + "': " + e.displayText());
  }
  const std::string originalHost = hostKey(uri);
  for (int hop = 0; hop <= kMaxRedirects; ++hop) {
    try {
      auto session = openSession(uri, options);
      std::string path = uri.getPathAndQuery();
      if (path.empty()) path = "/";
      Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, path,
                                     Poco::Net::HTTPMessage::HTTP_1_1);
      request.set("User-Agent", "bulwark");
      bool sameHost = hostKey(uri) == originalHost;
      for (const auto& [key, value] : headers) {
        if (!sameHost && strcasecmp(key.c_str(), "Authorization") == 0) continue;
        request.set(key, value);
      }
      session->sendRequest(request);
      Poco::Net::HTTPResponse response;
      std::istream& body = session->receiveResponse(response);
      HttpResponse result;
      result.status = static_cast<int>(response.getStatus());
      result.finalUrl = uri.toString();
      for (const auto& [key, value] : response)
        result.headers.emplace_back(key, value);
      if (result.status >= 300 && result.status < 400 && response.has("Location")) {
        Poco::URI next(uri);
        next.resolve(response.get("Location"));
        uri = next;
        continue;
      }
      char buffer[64 * 1024];
      if (result.status >= 200 && result.status < 300) {
        while (body.read(buffer, sizeof buffer) || body.gcount() > 0)
          sink(buffer, static_cast<size_t>(body.gcount()));
      } else if (errorBody != nullptr) {
        errorBody->clear();
        while ((body.read(buffer, sizeof buffer) || body.gcount() > 0) &&
               errorBody->size() < kMaxErrorBody)
          errorBody->append(buffer, static_cast<size_t>(body.gcount()));
        if (errorBody->size() > kMaxErrorBody) errorBody->resize(kMaxErrorBody);
      }
      return result;
    } catch (const Poco::Exception& e) {
      throw HttpError("GET " + uri.getScheme() + "://" + uri.getAuthority() + uri.getPath() +
                      " failed: " + e.displayText());
    }
  }
  throw HttpError("GET " + url + ": more than " + std::to_string(kMaxRedirects) + " redirects");
}

}  // namespace bulwark::registry
