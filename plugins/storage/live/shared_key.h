// Shared Key authorisation for the Azure Storage REST API, as Microsoft's "Authorize with
// Shared Key" documentation defines it for the Blob service (version 2015-02-21 and later).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bulwark::storage::live {

// One request as it is signed: the verb, the URI path exactly as sent (percent-encoded), the
// decoded query parameters and the headers. Header names compare case-insensitively.
struct SignableRequest {
  std::string method;
  std::string path;
  std::vector<std::pair<std::string, std::string>> query;
  std::vector<std::pair<std::string, std::string>> headers;
};

// The string-to-sign for `request` made by `accountName`. The canonicalised resource is
// "/<account><path>", so path-style endpoints (the emulator's http://host:port/<account>)
// sign "/<account>/<account>/...", as the service expects.
std::string stringToSign(const SignableRequest& request, std::string_view accountName);

// Base64 of HMAC-SHA256 over `text` with the base64-decoded account key. Throws
// std::invalid_argument when the key is not valid base64; the message never contains it.
std::string signature(std::string_view text, std::string_view base64Key);

// The Authorization header value: "SharedKey <account>:<signature>".
std::string authorizationHeader(const SignableRequest& request, std::string_view accountName,
                                std::string_view base64Key);

// Standard base64 (with padding); decode throws std::invalid_argument on bad input.
std::string base64Encode(std::string_view bytes);
std::string base64Decode(std::string_view text);

}  // namespace bulwark::storage::live
