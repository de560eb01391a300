// A signed HTTP(S) client for one storage account's Blob service endpoint. Every request
// carries x-ms-date, x-ms-version and a Shared Key Authorization header; errors are thrown as
// BlobError with a message naming the account and endpoint and never the key.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace bulwark::storage::live {

// The REST API version the collector speaks; new enough for account information and
// AllowPermanentDelete, old enough for every service still running.
inline constexpr const char* kApiVersion = "2021-12-02";

// Responses larger than this are refused, so a hostile endpoint cannot exhaust memory.
inline constexpr size_t kMaxResponseBytes = 32u * 1024u * 1024u;

struct AccountConnection {
  std::string accountName;
  // Base URL of the Blob service: https://<account>.blob.core.windows.net or a path-style
  // emulator URL such as http://127.0.0.1:10000/devstoreaccount1.
  std::string endpoint;
  std::string key;  // base64, as the portal shows it
  int timeoutSeconds = 20;
  std::string caFile;  // optional PEM bundle for HTTPS; empty: the system's CAs
};

class BlobError : public std::runtime_error {
 public:
  BlobError(const std::string& message, int status = 0, std::string code = {})
      : std::runtime_error(message), status_(status), code_(std::move(code)) {}
  int status() const { return status_; }             // HTTP status, 0 when none came back
  const std::string& code() const { return code_; }  // the service's error code, if any

 private:
  int status_;
  std::string code_;
};

using Fields = std::vector<std::pair<std::string, std::string>>;

struct BlobResponse {
  int status = 0;
  Fields headers;
  std::string body;
  std::string header(const std::string& name) const;  // case-insensitive; "" when absent
};

class BlobClient {
 public:
  // Throws BlobError when the endpoint is not an http(s) URL.
  explicit BlobClient(AccountConnection connection);
  ~BlobClient();
  BlobClient(const BlobClient&) = delete;
  BlobClient& operator=(const BlobClient&) = delete;

  // Sends one signed request. `resource` is relative to the endpoint: "" for the account,
  // "/<container>" for a container. Any HTTP status is returned; transport failures throw.
  BlobResponse send(const std::string& method, const std::string& resource, const Fields& query,
                    const Fields& headers = {}, const std::string& body = {}) const;

  // Like send, but a status outside 2xx throws BlobError carrying the service's error code.
  BlobResponse expectOk(const std::string& method, const std::string& resource, const Fields& query,
                        const Fields& headers = {}, const std::string& body = {}) const;

  // "account 'x' at <endpoint>", for messages.
  std::string describe() const;
  const AccountConnection& connection() const { return connection_; }

 private:
  struct Target;
  AccountConnection connection_;
  std::unique_ptr<Target> target_;
};

}  // namespace bulwark::storage::live
