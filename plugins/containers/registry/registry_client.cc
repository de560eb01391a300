#include "registry/registry_client.h"

#include <bulwark/sdk/text.hpp>

#include <openssl/evp.h>

#include <nlohmann/json.hpp>

#include "registry/auth_challenge.h"
#include "registry/sha256_stream.h"

namespace bulwark::registry {
namespace {

std::string base64(const std::string& text) {
  std::string out(4 * ((text.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(text.data()),
                          static_cast<int>(text.size()));
  out.resize(static_cast<size_t>(n));
  return out;
}

bool isLoopbackHost(const std::string& registry) {
  std::string host = registry.substr(0, registry.rfind(':'));
  if (registry.find(':') == std::string::npos) host = registry;
  return host == "localhost" || host.rfind("127.", 0) == 0 || host == "[::1]";
}

std::string stripParameters(const std::string& contentType) {
  std::string type = contentType.substr(0, contentType.find(';'));
  while (!type.empty() && type.back() == ' ')
    type.pop_back();
  return type;
}

// The registry's error envelope {"errors":[{"code","message"}]} as one line.
std::string registryMessage(const std::string& body) {
  auto doc = nlohmann::json::parse(body, nullptr, false);
  if (doc.is_discarded() || !doc.contains("errors") || !doc["errors"].is_array()) return {};
  std::string out;
  for (const auto& error : doc["errors"]) {
    if (!out.empty()) out += "; ";
    out += error.value("code", "") + ": " + error.value("message", "");
  }
  return out;
}

}  // namespace

bool isManifestList(const std::string& mediaType) {
  return mediaType == media_type::kDockerManifestList || mediaType == media_type::kOciIndex;
}

bool isImageManifest(const std::string& mediaType) {
  return mediaType == media_type::kDockerManifest || mediaType == media_type::kOciManifest;
}

RegistryClient::RegistryClient(std::string registry, std::string repository,
                               RegistryOptions options, RegistryCredentials credentials)
    : registry_(std::move(registry)),
      repository_(std::move(repository)),
      options_(std::move(options)),
      credentials_(std::move(credentials)) {}

std::string RegistryClient::baseUrl() const {
  bool plain = options_.plainHttp.value_or(isLoopbackHost(registry_));
  return std::string(plain ? "http://" : "https://") + registry_;
}

void RegistryClient::authenticate(const std::string& challengeHeader) {
  AuthChallenge challenge = parseAuthChallenge(challengeHeader);
  if (challenge.scheme == "basic") {
    if (credentials_.username.empty())
      throw RegistryError(where() + ": the registry asks for Basic credentials and none are set",
                          401);
    authorization_ = "Basic " + base64(credentials_.username + ":" + credentials_.password);
    return;
  }
  if (challenge.scheme != "bearer" || challenge.param("realm").empty())
    throw RegistryError(
        where() + ": unsupported authentication challenge '" + challenge.scheme + "'", 401);
  std::string url = challenge.param("realm");
  url += url.find('?') == std::string::npos ? "?" : "&";
  std::string scope = challenge.param("scope");
  if (scope.empty()) scope = "repository:" + repository_ + ":pull";
  if (!challenge.param("service").empty())
    url += "service=" + sdk::percentEncode(challenge.param("service")) + "&";
  url += "scope=" + sdk::percentEncode(scope);
  HeaderList headers;
  if (!credentials_.username.empty())
    headers.emplace_back("Authorization",
                         "Basic " + base64(credentials_.username + ":" + credentials_.password));
  std::string body;
  std::string errorBody;
  HttpResponse response = httpGet(
      url, headers, options_.http,
      [&](const char* data, size_t size) {
        if (body.size() + size > 1024 * 1024)
          throw RegistryError(where() + ": token response larger than 1 MiB");
        body.append(data, size);
      },
      &errorBody);
  if (response.status != 200)
    throw RegistryError(where() + ": the token service refused the request (HTTP " +
                            std::to_string(response.status) + ")",
                        response.status);
  auto doc = nlohmann::json::parse(body, nullptr, false);
  std::string token;
  if (doc.is_object()) {
    if (doc.contains("token") && doc["token"].is_string()) token = doc["token"];
    if (token.empty() && doc.contains("access_token") && doc["access_token"].is_string())
      token = doc["access_token"];
  }
  if (token.empty()) throw RegistryError(where() + ": the token service sent no token");
  authorization_ = "Bearer " + token;
}

HttpResponse RegistryClient::get(const std::string& path, HeaderList headers,
                                 const BodySink& sink) {
  std::string url = baseUrl() + path;
  for (int attempt = 0; attempt < 2; ++attempt) {
    HeaderList sent = headers;
    if (!authorization_.empty()) sent.emplace_back("Authorization", authorization_);
    std::string errorBody;
    HttpResponse response;
    try {
      response = httpGet(url, sent, options_.http, sink, &errorBody);
    } catch (const HttpError& e) {
      throw RegistryError(where() + ": " + e.what());
    }
    if (response.status == 401 && attempt == 0 && !response.header("WWW-Authenticate").empty()) {
      authenticate(response.header("WWW-Authenticate"));
      continue;
    }
    if (response.status >= 200 && response.status < 300) return response;
    std::string detail = registryMessage(errorBody);
    throw RegistryError(where() + ": GET " + path + " answered HTTP " +
                            std::to_string(response.status) +
                            (detail.empty() ? std::string() : " (" + detail + ")"),
                        response.status);
  }
  throw RegistryError(where() + ": GET " + path + ": authentication failed", 401);
}

FetchedManifest RegistryClient::fetchManifest(const std::string& reference) {
  HeaderList headers = {
      {"Accept", std::string(media_type::kOciIndex) + ", " + media_type::kOciManifest + ", " +
                     media_type::kDockerManifestList + ", " + media_type::kDockerManifest}};
  FetchedManifest manifest;
  HttpResponse response =
      get("/v2/" + repository_ + "/manifests/" + reference, headers,
          [&](const char* data, size_t size) {
            if (manifest.body.size() + size > options_.maxManifestBytes)
              throw RegistryError(where() + ": manifest " + reference + " is larger than " +
                                  std::to_string(options_.maxManifestBytes) + " bytes");
            manifest.body.append(data, size);
          });
  manifest.digest = sha256Digest(manifest.body);
  if (isSha256Digest(reference) && manifest.digest != reference)
    throw RegistryError(where() + ": manifest " + reference + " hashes to " + manifest.digest +
                        " (digest mismatch)");
  std::string announced = response.header("Docker-Content-Digest");
  if (!announced.empty() && announced.rfind("sha256:", 0) == 0 && announced != manifest.digest)
    throw RegistryError(where() + ": manifest " + reference + " hashes to " + manifest.digest +
                        " but the registry announced " + announced);
  auto doc = nlohmann::json::parse(manifest.body, nullptr, false);
  if (!doc.is_object())
    throw RegistryError(where() + ": manifest " + reference + " is not a JSON object");
  manifest.mediaType = doc.value("mediaType", "");
  if (manifest.mediaType.empty())
    manifest.mediaType = stripParameters(response.header("Content-Type"));
  if (doc.value("schemaVersion", 0) == 1 ||
      manifest.mediaType.find("distribution.manifest.v1") != std::string::npos)
    throw RegistryError(where() + ": manifest " + reference +
                        " is Docker schema 1, which is deprecated and not supported");
  if (!isManifestList(manifest.mediaType) && !isImageManifest(manifest.mediaType))
    throw RegistryError(where() + ": manifest " + reference + " has unsupported media type '" +
                        manifest.mediaType + "'");
  return manifest;
}

void RegistryClient::fetchBlob(const std::string& digest, int64_t expectedSize,
                               const std::function<void(const char*, size_t)>& sink) {
  if (!isSha256Digest(digest))
    throw RegistryError(where() + ": blob digest '" + digest + "' is not a sha256 digest");
  if (expectedSize > 0 && static_cast<uint64_t>(expectedSize) > options_.maxBlobBytes)
    throw RegistryError(where() + ": blob " + digest + " declares " + std::to_string(expectedSize) +
                        " bytes, over the limit of " + std::to_string(options_.maxBlobBytes));
  Sha256Stream hash;
  uint64_t received = 0;
  get("/v2/" + repository_ + "/blobs/" + digest, {}, [&](const char* data, size_t size) {
    received += size;
    if (received > options_.maxBlobBytes ||
        (expectedSize >= 0 && received > static_cast<uint64_t>(expectedSize)))
      throw RegistryError(where() + ": blob " + digest + " is longer than declared");
    hash.update(data, size);
    sink(data, size);
  });
  if (expectedSize >= 0 && received != static_cast<uint64_t>(expectedSize))
    throw RegistryError(where() + ": blob " + digest + " is " + std::to_string(received) +
                        " bytes, the manifest declares " + std::to_string(expectedSize));
  std::string actual = hash.finish();
  if (actual != digest)
    throw RegistryError(where() + ": blob " + digest + " hashes to " + actual +
                        " (digest mismatch)");
}

}  // namespace bulwark::registry
