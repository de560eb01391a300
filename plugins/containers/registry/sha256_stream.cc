#include "registry/sha256_stream.h"

#include <openssl/evp.h>

#include <stdexcept>

namespace bulwark::registry {

Sha256Stream::Sha256Stream() : context_(EVP_MD_CTX_new()) {
  if (context_ == nullptr || EVP_DigestInit_ex(context_, EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("OpenSSL could not start a SHA-256 digest");
}

Sha256Stream::~Sha256Stream() {
  EVP_MD_CTX_free(context_);
}

void Sha256Stream::update(const char* data, size_t size) {
  EVP_DigestUpdate(context_, data, size);
}

std::string Sha256Stream::finish() {
  unsigned char hash[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_DigestFinal_ex(context_, hash, &length);
  static const char* kHex = "0123456789abcdef";
  std::string out = "sha256:";
  for (unsigned int i = 0; i < length; ++i) {
    out += kHex[hash[i] >> 4];
    out += kHex[hash[i] & 0xf];
  }
  return out;
}

std::string sha256Digest(const std::string& data) {
  Sha256Stream stream;
  stream.update(data.data(), data.size());
  return stream.finish();
}

}  // namespace bulwark::registry
