// A client of the Docker Registry HTTP API v2 (the OCI distribution spec) for pulling images:
// manifests (Docker schema 2, OCI, manifest lists and OCI indexes) and blobs, with anonymous,
// Basic or Bearer-token authentication as the registry's WWW-Authenticate challenge asks.
// Every manifest and blob is checked against its sha256 digest while it streams; a mismatch,
// an oversize body or a schema 1 manifest is refused with RegistryError naming the registry,
// repository and reference. Credentials and tokens never appear in messages.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>

#include "registry/http_get.h"
#include "registry/image_reference.h"

namespace bulwark::registry {

class RegistryError : public std::runtime_error {
 public:
  RegistryError(const std::string& message, int status = 0)
      : std::runtime_error(message), status_(status) {}
  int status() const { return status_; }  // HTTP status when the registry answered, else 0

 private:
  int status_;
};

struct RegistryCredentials {
  std::string username;  // empty: anonymous
  std::string password;  // password or identity token
};

struct RegistryOptions {
  // http:// instead of https://. Defaults to true for loopback hosts only, as docker does.
  std::optional<bool> plainHttp;
  HttpOptions http;
  std::string platform = "linux/amd64";  // os/arch[/variant], chosen from manifest lists
  uint64_t maxManifestBytes = 4u * 1024u * 1024u;
  uint64_t maxBlobBytes = 16ull * 1024u * 1024u * 1024u;
};

namespace media_type {
inline constexpr const char* kDockerManifest =
    "application/vnd.docker.distribution.manifest.v2+json";
inline constexpr const char* kDockerManifestList =
    "application/vnd.docker.distribution.manifest.list.v2+json";
inline constexpr const char* kOciManifest = "application/vnd.oci.image.manifest.v1+json";
inline constexpr const char* kOciIndex = "application/vnd.oci.image.index.v1+json";
}  // namespace media_type

bool isManifestList(const std::string& mediaType);
bool isImageManifest(const std::string& mediaType);

struct FetchedManifest {
  std::string mediaType;
  std::string digest;  // sha256 of `body`, verified
  std::string body;
};

class RegistryClient {
 public:
  RegistryClient(std::string registry, std::string repository, RegistryOptions options = {},
                 RegistryCredentials credentials = {});

  // GET /v2/<repository>/manifests/<reference>. When `reference` is a digest the body must hash
  // to it; otherwise it must match the Docker-Content-Digest header when one is sent.
  FetchedManifest fetchManifest(const std::string& reference);

  // GET /v2/<repository>/blobs/<digest>, streamed to `sink`; throws after the last chunk when
  // the bytes do not hash to `digest` or their count differs from `expectedSize` (when >= 0).
  void fetchBlob(const std::string& digest, int64_t expectedSize,
                 const std::function<void(const char*, size_t)>& sink);

  const std::string& registry() const { return registry_; }
  const std::string& repository() const { return repository_; }

 private:
  std::string baseUrl() const;
  HttpResponse get(const std::string& path, HeaderList headers, const BodySink& sink);
  void authenticate(const std::string& challengeHeader);
  std::string where() const { return registry_ + "/" + repository_; }

  std::string registry_;
  std::string repository_;
  RegistryOptions options_;
  RegistryCredentials credentials_;
  std::string authorization_;  // header value once authenticated
};

}  // namespace bulwark::registry
