// Streaming SHA-256 (OpenSSL EVP) for verifying blob and layer digests while they are read.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace bulwark::image {

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void update(const void* data, size_t size);
  // "sha256:<64 hex>"; the hasher may not be updated afterwards.
  std::string digest();

  static std::string of(std::string_view data);

 private:
  struct Context;
  std::unique_ptr<Context> ctx_;
};

// True for "sha256:" followed by 64 lower-case hex digits: the only digests used as file names.
bool isSha256Digest(std::string_view digest);

}  // namespace bulwark::image
