#include "registry/token_service.h"

#include <Poco/Net/HTMLForm.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <chrono>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>

#include "registry/registry_fixture.h"

namespace bulwark::test {

using nlohmann::json;

struct TokenService::State {
  std::string username, password, service, issuer;
  std::string certificateDer;  // base64 (standard alphabet), as x5c wants it
  EVP_PKEY* key = nullptr;
  std::mutex mutex;
  std::vector<std::string> scopes;
  ~State() { EVP_PKEY_free(key); }
};

namespace {

std::string base64Url(const std::string& bytes) {
  std::string out(4 * ((bytes.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(bytes.data()),
                          static_cast<int>(bytes.size()));
  out.resize(static_cast<size_t>(n));
  for (char& c : out) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  while (!out.empty() && out.back() == '=')
    out.pop_back();
  return out;
}

std::string sign(EVP_PKEY* key, const std::string& data) {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  size_t length = 0;
  EVP_DigestSignInit(ctx, nullptr, EVP_sha256(), nullptr, key);
  EVP_DigestSign(ctx, nullptr, &length, reinterpret_cast<const unsigned char*>(data.data()),
                 data.size());
  std::string signature(length, '\0');
  EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(signature.data()), &length,
                 reinterpret_cast<const unsigned char*>(data.data()), data.size());
  EVP_MD_CTX_free(ctx);
  signature.resize(length);
  return signature;
}

// "repository:demo/app:pull,push" -> {"type":"repository","name":"demo/app","actions":[...]}
json accessFor(const std::string& scope) {
  size_t first = scope.find(':');
  size_t last = scope.rfind(':');
  if (first == std::string::npos || last == first) return json::array();
  json actions = json::array();
  std::stringstream list(scope.substr(last + 1));
  for (std::string action; std::getline(list, action, ',');)
    actions.push_back(action);
  return json::array({{{"type", scope.substr(0, first)},
                       {"name", scope.substr(first + 1, last - first - 1)},
                       {"actions", actions}}});
}

class TokenHandler : public Poco::Net::HTTPRequestHandler {
 public:
  explicit TokenHandler(std::shared_ptr<TokenService::State> state) : state_(std::move(state)) {}

  void handleRequest(Poco::Net::HTTPServerRequest& request,
                     Poco::Net::HTTPServerResponse& response) override {
    std::string expected;
    {
      std::string pair = state_->username + ":" + state_->password;
      expected = "Basic " + std::string(4 * ((pair.size() + 2) / 3), '\0');
      EVP_EncodeBlock(reinterpret_cast<unsigned char*>(expected.data() + 6),
                      reinterpret_cast<const unsigned char*>(pair.data()),
                      static_cast<int>(pair.size()));
    }
    if (request.get("Authorization", "") != expected) {
      response.setStatus(Poco::Net::HTTPResponse::HTTP_UNAUTHORIZED);
      response.send() << R"({"details":"incorrect username or password"})";
      return;
    }
    Poco::Net::HTMLForm form(request);
    std::string scope = form.get("scope", "");
    {
      std::lock_guard lock(state_->mutex);
      state_->scopes.push_back(scope);
    }
    auto now = std::chrono::duration_cast<std::chrono::seconds>(
                   std::chrono::system_clock::now().time_since_epoch())
                   .count();
    json header = {{"typ", "JWT"}, {"alg", "RS256"}, {"x5c", {state_->certificateDer}}};
    json claims = {
        {"iss", state_->issuer},      {"sub", state_->username},   {"aud", state_->service},
        {"exp", now + 300},           {"nbf", now - 10},           {"iat", now},
        {"jti", std::to_string(now)}, {"access", accessFor(scope)}};
    std::string unsigned_ = base64Url(header.dump()) + "." + base64Url(claims.dump());
    std::string token = unsigned_ + "." + base64Url(sign(state_->key, unsigned_));
    response.setContentType("application/json");
    response.send() << json{{"token", token}, {"expires_in", 300}}.dump();
  }

 private:
  std::shared_ptr<TokenService::State> state_;
};

class TokenFactory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  explicit TokenFactory(std::shared_ptr<TokenService::State> state) : state_(std::move(state)) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(
      const Poco::Net::HTTPServerRequest&) override {
    return new TokenHandler(state_);
  }

 private:
  std::shared_ptr<TokenService::State> state_;
};

}  // namespace

TokenService::TokenService(std::string username, std::string password, std::string service,
                           std::string issuer)
    : service_(std::move(service)), issuer_(std::move(issuer)) {
  std::string output;
  if (runProgram({"openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
                  (dir_ / "key.pem").string(), "-out", (dir_ / "cert.pem").string(), "-days", "1",
                  "-subj", "/CN=bulwark-test-token-issuer"},
                 output) != 0) {
    why_ = "openssl could not make a signing certificate: " + output;
    return;
  }
  state_ = std::make_shared<State>();
  state_->username = std::move(username);
  state_->password = std::move(password);
  state_->service = service_;
  state_->issuer = issuer_;
  FILE* keyFile = std::fopen((dir_ / "key.pem").c_str(), "r");
  state_->key = PEM_read_PrivateKey(keyFile, nullptr, nullptr, nullptr);
  std::fclose(keyFile);
  FILE* certFile = std::fopen((dir_ / "cert.pem").c_str(), "r");
  X509* cert = PEM_read_X509(certFile, nullptr, nullptr, nullptr);
  std::fclose(certFile);
  unsigned char* der = nullptr;
  int length = i2d_X509(cert, &der);
  std::string raw(reinterpret_cast<char*>(der), static_cast<size_t>(length));
  OPENSSL_free(der);
  X509_free(cert);
  std::string encoded(4 * ((raw.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(encoded.data()),
                          reinterpret_cast<const unsigned char*>(raw.data()),
                          static_cast<int>(raw.size()));
  encoded.resize(static_cast<size_t>(n));
  state_->certificateDer = encoded;
  Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
  server_ = std::make_unique<Poco::Net::HTTPServer>(new TokenFactory(state_), socket,
                                                    new Poco::Net::HTTPServerParams);
  server_->start();
}

TokenService::~TokenService() {
  if (server_) server_->stopAll(true);
}

std::string TokenService::realm() const {
  return "http://127.0.0.1:" + std::to_string(server_->port()) + "/token";
}

std::vector<std::string> TokenService::scopesRequested() const {
  std::lock_guard lock(state_->mutex);
  return state_->scopes;
}

}  // namespace bulwark::test
