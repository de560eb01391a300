#include "detect/readers/storage_log_fields.h"

namespace bulwark::detect {

std::pair<std::string, std::string> splitAddress(const std::string& text) {
  if (!text.empty() && text.front() == '[') {
    size_t close = text.find(']');
    if (close == std::string::npos) return {text, ""};
    std::string port = close + 2 <= text.size() ? text.substr(close + 2) : "";
    return {text.substr(1, close - 1), port};
  }
  size_t colon = text.find(':');
  if (colon != std::string::npos && text.find(':', colon + 1) == std::string::npos)
    return {text.substr(0, colon), text.substr(colon + 1)};
  return {text, ""};
}

std::string base64ToHex(const std::string& text) {
  static const std::string kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string bytes;
  uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    if (c == '=') break;
    size_t v = kAlphabet.find(c);
    if (v == std::string::npos) return {};
    buffer = (buffer << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push_back(static_cast<char>((buffer >> bits) & 0xff));
    }
  }
  static const char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned char b : bytes) {
    hex.push_back(kHex[b >> 4]);
    hex.push_back(kHex[b & 15]);
  }
  return hex;
}

void setObjectKeyFields(const std::string& objectKey, Event& e, KeyTable& keys) {
  size_t containerStart = objectKey.find('/', 1);
  if (objectKey.empty() || containerStart == std::string::npos) return;
  std::string rest = objectKey.substr(containerStart + 1);
  size_t slash = rest.find('/');
  if (!rest.substr(0, slash).empty()) e.set(keys.intern("container"), rest.substr(0, slash));
  if (slash != std::string::npos && slash + 1 < rest.size())
    e.set(keys.intern("object"), rest.substr(slash + 1));
}

}  // namespace bulwark::detect
