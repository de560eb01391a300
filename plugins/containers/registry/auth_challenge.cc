#include "registry/auth_challenge.h"

#include <bulwark/sdk/text.hpp>

#include <cctype>

namespace bulwark::registry {
namespace {

void skipSpaces(const std::string& text, size_t& i) {
  while (i < text.size() && (text[i] == ' ' || text[i] == '\t'))
    ++i;
}

}  // namespace

std::string AuthChallenge::param(const std::string& key) const {
  auto it = params.find(key);
  return it == params.end() ? std::string() : it->second;
}

AuthChallenge parseAuthChallenge(const std::string& header) {
  AuthChallenge challenge;
  size_t i = 0;
  skipSpaces(header, i);
  size_t start = i;
  while (i < header.size() && header[i] != ' ' && header[i] != '\t')
    ++i;
  challenge.scheme = sdk::lower(header.substr(start, i - start));
  while (i < header.size()) {
    skipSpaces(header, i);
    size_t keyStart = i;
    while (i < header.size() && header[i] != '=' && header[i] != ',')
      ++i;
    std::string key = sdk::lower(header.substr(keyStart, i - keyStart));
    while (!key.empty() && (key.back() == ' ' || key.back() == '\t'))
      key.pop_back();
    if (i >= header.size() || header[i] == ',') {
      ++i;
      continue;
    }
    ++i;  // '='
    skipSpaces(header, i);
    std::string value;
    if (i < header.size() && header[i] == '"') {
      ++i;
      while (i < header.size() && header[i] != '"') {
        if (header[i] == '\\' && i + 1 < header.size()) ++i;
        value += header[i++];
      }
      ++i;  // closing quote
    } else {
      while (i < header.size() && header[i] != ',' && header[i] != ' ')
        value += header[i++];
    }
    if (!key.empty()) challenge.params[key] = value;
    skipSpaces(header, i);
    if (i < header.size() && header[i] == ',') ++i;
  }
  return challenge;
}

}  // namespace bulwark::registry
