#include "registry/image_reference.h"

#include <cctype>

namespace bulwark::registry {
namespace {

constexpr const char* kDockerHub = "registry-1.docker.io";

bool looksLikeHost(const std::string& segment) {
  return segment.find('.') != std::string::npos || segment.find(':') != std::string::npos ||
         segment == "localhost";
}

// Repository path components per the distribution spec: lowercase alphanumerics separated by
// '.', '_', '__' or runs of '-'.
bool validRepository(const std::string& repository) {
  if (repository.empty() || repository.size() > 255) return false;
  size_t start = 0;
  while (start <= repository.size()) {
    size_t end = repository.find('/', start);
    std::string part = repository.substr(start, end == std::string::npos ? end : end - start);
    if (part.empty()) return false;
    if (!std::isalnum(static_cast<unsigned char>(part.front())) ||
        !std::isalnum(static_cast<unsigned char>(part.back())))
      return false;
    for (char c : part) {
      bool ok = (std::islower(static_cast<unsigned char>(c)) != 0) ||
                (std::isdigit(static_cast<unsigned char>(c)) != 0) || c == '.' || c == '_' ||
                c == '-';
      if (!ok) return false;
    }
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return true;
}

bool validTag(const std::string& tag) {
  if (tag.empty() || tag.size() > 128) return false;
  if (!std::isalnum(static_cast<unsigned char>(tag.front())) && tag.front() != '_') return false;
  for (char c : tag)
    if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '_' && c != '.' && c != '-')
      return false;
  return true;
}

}  // namespace

bool isSha256Digest(const std::string& digest) {
  if (digest.size() != 71 || digest.rfind("sha256:", 0) != 0) return false;
  for (size_t i = 7; i < digest.size(); ++i) {
    char c = digest[i];
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

std::string ImageReference::text() const {
  std::string out = registry + "/" + repository;
  if (!tag.empty()) out += ":" + tag;
  if (!digest.empty()) out += "@" + digest;
  return out;
}

ImageReference parseImageReference(const std::string& text) {
  if (text.empty()) throw ReferenceError("empty image reference");
  ImageReference ref;
  std::string rest = text;
  if (size_t at = rest.find('@'); at != std::string::npos) {
    ref.digest = rest.substr(at + 1);
    rest.resize(at);
    if (!isSha256Digest(ref.digest))
      throw ReferenceError("image reference '" + text + "': digest '" + ref.digest +
                           "' is not sha256:<64 lowercase hex digits>");
  }
  if (size_t slash = rest.find('/');
      slash != std::string::npos && looksLikeHost(rest.substr(0, slash))) {
    ref.registry = rest.substr(0, slash);
    rest = rest.substr(slash + 1);
  } else {
    ref.registry = kDockerHub;
    if (rest.find('/') == std::string::npos) rest = "library/" + rest;
  }
  // A ':' after the last '/' separates the tag; earlier ones belong to the host.
  size_t colon = rest.rfind(':');
  if (colon != std::string::npos && rest.find('/', colon) == std::string::npos) {
    ref.tag = rest.substr(colon + 1);
    rest.resize(colon);
    if (!validTag(ref.tag))
      throw ReferenceError("image reference '" + text + "': tag '" + ref.tag + "' is not valid");
  }
  ref.repository = rest;
  if (!validRepository(ref.repository))
    throw ReferenceError("image reference '" + text + "': repository '" + ref.repository +
                         "' is not valid (lowercase letters, digits and . _ - separated by /)");
  if (ref.tag.empty() && ref.digest.empty()) ref.tag = "latest";
  return ref;
}

}  // namespace bulwark::registry
