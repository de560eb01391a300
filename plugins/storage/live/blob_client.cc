#include "live/blob_client.h"

#include <bulwark/sdk/text.hpp>

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/Exception.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Timespan.h>
#include <Poco/Timestamp.h>
#include <Poco/URI.h>

#include <algorithm>
#include <cctype>
#include <mutex>

#include "live/blob_xml.h"
#include "live/shared_key.h"

namespace bulwark::storage::live {
namespace {

void initializeSslOnce() {
  static std::once_flag once;
  std::call_once(once, [] { Poco::Net::initializeSSL(); });
}

std::string firstLine(const std::string& text) {
  size_t end = text.find_first_of("\r\n");
  return text.substr(0, end);
}

}  // namespace

struct BlobClient::Target {
  std::string scheme;
  std::string host;
  uint16_t port = 0;
  std::string basePath;  // without a trailing slash
  Poco::Net::Context::Ptr tls;
};

std::string BlobResponse::header(const std::string& name) const {
  for (const auto& [k, v] : headers) {
    if (sdk::iequals(k, name)) return v;
  }
  return {};
}

BlobClient::BlobClient(AccountConnection connection)
    : connection_(std::move(connection)), target_(std::make_unique<Target>()) {
  Poco::URI uri;
  try {
    uri = Poco::URI(connection_.endpoint);
  } catch (const Poco::Exception& e) {
    throw BlobError(describe() + ": invalid endpoint URL: " + e.displayText());
  }
  target_->scheme = uri.getScheme();
  if ((target_->scheme != "http" && target_->scheme != "https") || uri.getHost().empty()) {
    throw BlobError(describe() + ": the endpoint must be an http:// or https:// URL");
  }
  if (!uri.getRawQuery().empty() || !uri.getFragment().empty()) {
    throw BlobError(describe() +
                    ": the endpoint must not carry a query or fragment (a SAS "
                    "token does not belong in the endpoint)");
  }
  target_->host = uri.getHost();
  target_->port = uri.getPort();
  target_->basePath.clear();
  Poco::URI::encode(uri.getPath(), "?#[]@!$&'()*+,;= ", target_->basePath);
  while (!target_->basePath.empty() && target_->basePath.back() == '/')
    target_->basePath.pop_back();
  if (target_->scheme == "https") {
    initializeSslOnce();
    try {
      target_->tls =
          new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, connection_.caFile,
                                 Poco::Net::Context::VERIFY_RELAXED, 9, connection_.caFile.empty());
      target_->tls->requireMinimumProtocol(Poco::Net::Context::PROTO_TLSV1_2);
    } catch (const Poco::Exception& e) {
      throw BlobError(describe() + ": cannot set up TLS: " + e.displayText());
    }
  }
}

BlobClient::~BlobClient() = default;

std::string BlobClient::describe() const {
  return "account '" + connection_.accountName + "' at " + connection_.endpoint;
}

BlobResponse BlobClient::send(const std::string& method, const std::string& resource,
                              const Fields& query, const Fields& headers,
                              const std::string& body) const {
  std::string path = target_->basePath + resource;
  if (path.empty()) path = "/";
  std::string target = path;
  for (size_t i = 0; i < query.size(); ++i) {
    target += (i == 0 ? "?" : "&") + sdk::percentEncode(query[i].first) + "=" +
              sdk::percentEncode(query[i].second);
  }

  SignableRequest signable{method, path, query, headers};
  signable.headers.emplace_back(
      "x-ms-date",
      Poco::DateTimeFormatter::format(Poco::Timestamp(), Poco::DateTimeFormat::HTTP_FORMAT));
  signable.headers.emplace_back("x-ms-version", kApiVersion);
  if (method == "PUT" || method == "POST" || !body.empty())
    signable.headers.emplace_back("Content-Length", std::to_string(body.size()));
  std::string authorization;
  try {
    authorization = authorizationHeader(signable, connection_.accountName, connection_.key);
  } catch (const std::exception& e) {
    throw BlobError(describe() + ": cannot sign the request: " + e.what());
  }

  std::string what = method + " " + (resource.empty() ? "/" : resource) +
                     (query.empty() ? "" : target.substr(target.find('?')));
  try {
    std::unique_ptr<Poco::Net::HTTPClientSession> session;
    if (target_->tls) {
      session = std::make_unique<Poco::Net::HTTPSClientSession>(target_->host, target_->port,
                                                                target_->tls);
    } else {
      session = std::make_unique<Poco::Net::HTTPClientSession>(target_->host, target_->port);
    }
    session->setTimeout(Poco::Timespan(connection_.timeoutSeconds, 0));
    Poco::Net::HTTPRequest request(method, target, Poco::Net::HTTPMessage::HTTP_1_1);
    for (const auto& [k, v] : signable.headers)
      request.set(k, v);
    request.set("Authorization", authorization);
    std::ostream& out = session->sendRequest(request);
    out << body;

    Poco::Net::HTTPResponse response;
    std::istream& in = session->receiveResponse(response);
    BlobResponse r;
    r.status = static_cast<int>(response.getStatus());
    for (const auto& [k, v] : response)
      r.headers.emplace_back(k, v);
    char buffer[16384];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
      r.body.append(buffer, static_cast<size_t>(in.gcount()));
      if (r.body.size() > kMaxResponseBytes) {
        throw BlobError(describe() + ": " + what + ": response larger than " +
                        std::to_string(kMaxResponseBytes) + " bytes, refused");
      }
    }
    return r;
  } catch (const BlobError&) {
    throw;
  } catch (const Poco::Exception& e) {
    throw BlobError(describe() + ": " + what + ": " + e.displayText());
  } catch (const std::exception& e) {
    throw BlobError(describe() + ": " + what + ": " + e.what());
  }
}

BlobResponse BlobClient::expectOk(const std::string& method, const std::string& resource,
                                  const Fields& query, const Fields& headers,
                                  const std::string& body) const {
  BlobResponse r = send(method, resource, query, headers, body);
  if (r.status >= 200 && r.status < 300) return r;
  ServiceError e = parseServiceError(r.body);
  std::string code = e.code.empty() ? r.header("x-ms-error-code") : e.code;
  std::string message = describe() + ": " + method + " " + (resource.empty() ? "/" : resource);
  if (!query.empty()) {
    message += " (";
    for (size_t i = 0; i < query.size(); ++i)
      message += (i == 0 ? "" : "&") + query[i].first + "=" + query[i].second;
    message += ")";
  }
  message += " returned HTTP " + std::to_string(r.status);
  if (!code.empty()) message += " " + code;
  if (!e.message.empty()) message += ": " + firstLine(e.message);
  if (r.status == 403)
    message += " (check the account name and key, and that the key is the account's current key)";
  throw BlobError(message, r.status, code);
}

}  // namespace bulwark::storage::live
