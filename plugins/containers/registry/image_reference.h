// A container image reference as docker and skopeo spell it:
//   [registry-host[:port]/]repository[:tag][@sha256:<64 hex>]
// The registry host is the first path segment when it contains '.' or ':' or is "localhost";
// otherwise the image lives on Docker Hub. Parsing is strict: a bad reference throws
// ReferenceError naming the part that is wrong.
#pragma once

#include <stdexcept>
#include <string>

namespace bulwark::registry {

class ReferenceError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ImageReference {
  std::string registry;    // "127.0.0.1:5000", "registry-1.docker.io"
  std::string repository;  // "library/debian", "team/app"
  std::string tag;         // empty when pinned by digest only
  std::string digest;      // "sha256:<hex>", empty when by tag

  // The tag or, when pinned, the digest: what goes after /manifests/.
  std::string manifestReference() const { return digest.empty() ? tag : digest; }
  std::string text() const;  // canonical form, registry included
};

ImageReference parseImageReference(const std::string& text);

// True for "sha256:" followed by exactly 64 lowercase hex digits.
bool isSha256Digest(const std::string& digest);

}  // namespace bulwark::registry
