// Incremental SHA-256 (OpenSSL EVP) giving "sha256:<hex>" digests as OCI spells them.
#pragma once

#include <cstddef>
#include <memory>
#include <string>

struct evp_md_ctx_st;

namespace bulwark::registry {

class Sha256Stream {
 public:
  Sha256Stream();
  ~Sha256Stream();
  Sha256Stream(const Sha256Stream&) = delete;
  Sha256Stream& operator=(const Sha256Stream&) = delete;

  void update(const char* data, size_t size);
  std::string finish();  // "sha256:<64 hex>"; the stream cannot be updated afterwards

 private:
  evp_md_ctx_st* context_;
};

std::string sha256Digest(const std::string& data);

}  // namespace bulwark::registry
