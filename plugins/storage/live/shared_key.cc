#include "live/shared_key.h"

#include <bulwark/sdk/text.hpp>

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>
#include <Poco/Exception.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <sstream>
#include <stdexcept>

namespace bulwark::storage::live {
namespace {

// Trims the value and folds runs of whitespace into one space, as the canonical form asks.
std::string foldWhitespace(std::string_view value) {
  std::string out;
  bool pendingSpace = false;
  for (char c : value) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      pendingSpace = !out.empty();
      continue;
    }
    if (pendingSpace) out.push_back(' ');
    pendingSpace = false;
    out.push_back(c);
  }
  return out;
}

std::string headerValue(const SignableRequest& r, std::string_view name) {
  std::string wanted = sdk::lower(name);
  for (const auto& [k, v] : r.headers) {
    if (sdk::lower(k) == wanted) return v;
  }
  return {};
}

}  // namespace

std::string stringToSign(const SignableRequest& request, std::string_view accountName) {
  static constexpr std::array<const char*, 11> kStandardHeaders = {"Content-Encoding",
                                                                   "Content-Language",
                                                                   "Content-Length",
                                                                   "Content-MD5",
                                                                   "Content-Type",
                                                                   "Date",
                                                                   "If-Modified-Since",
                                                                   "If-Match",
                                                                   "If-None-Match",
                                                                   "If-Unmodified-Since",
                                                                   "Range"};
  std::string out = request.method + "\n";
  for (const char* name : kStandardHeaders) {
    std::string value = headerValue(request, name);
    // Since version 2015-02-21 a zero Content-Length is signed as an empty string.
    if (std::string_view(name) == "Content-Length" && value == "0") value.clear();
    out += value + "\n";
  }

  std::map<std::string, std::vector<std::string>> msHeaders;
  for (const auto& [k, v] : request.headers) {
    std::string name = sdk::lower(k);
    if (name.rfind("x-ms-", 0) == 0) msHeaders[name].push_back(foldWhitespace(v));
  }
  for (const auto& [name, values] : msHeaders) {
    out += name + ":";
    for (size_t i = 0; i < values.size(); ++i)
      out += (i == 0 ? "" : ",") + values[i];
    out += "\n";
  }

  out += "/" + std::string(accountName) + (request.path.empty() ? "/" : request.path);
  std::map<std::string, std::vector<std::string>> params;
  for (const auto& [k, v] : request.query)
    params[sdk::lower(k)].push_back(v);
  for (auto& [name, values] : params) {
    std::sort(values.begin(), values.end());
    out += "\n" + name + ":";
    for (size_t i = 0; i < values.size(); ++i)
      out += (i == 0 ? "" : ",") + values[i];
  }
  return out;
}

std::string base64Encode(std::string_view bytes) {
  std::ostringstream s;
  Poco::Base64Encoder encoder(s);
  encoder.rdbuf()->setLineLength(0);
  encoder.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  encoder.close();
  return s.str();
}

std::string base64Decode(std::string_view text) {
  for (char c : text) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '/' && c != '=')
      throw std::invalid_argument("the account key is not valid base64");
  }
  try {
    std::istringstream in{std::string(text)};
    Poco::Base64Decoder decoder(in);
    std::string out((std::istreambuf_iterator<char>(decoder)), std::istreambuf_iterator<char>());
    return out;
  } catch (const Poco::Exception&) {
    throw std::invalid_argument("the account key is not valid base64");
  }
}

std::string signature(std::string_view text, std::string_view base64Key) {
  std::string key = base64Decode(base64Key);
  if (key.empty()) throw std::invalid_argument("the account key is empty");
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
  unsigned int macLength = 0;
  if (HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
           reinterpret_cast<const unsigned char*>(text.data()), text.size(), mac.data(),
           &macLength) == nullptr) {
    throw std::runtime_error("HMAC-SHA256 failed");
  }
  std::fill(key.begin(), key.end(), '\0');
  return base64Encode(std::string_view(reinterpret_cast<const char*>(mac.data()), macLength));
}

std::string authorizationHeader(const SignableRequest& request, std::string_view accountName,
                                std::string_view base64Key) {
  return "SharedKey " + std::string(accountName) + ":" +
         signature(stringToSign(request, accountName), base64Key);
}

}  // namespace bulwark::storage::live
