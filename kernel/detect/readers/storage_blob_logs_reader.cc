// Azure StorageBlobLogs as JSON Lines, in either documented shape: the Log Analytics table
// (TimeGenerated, CallerIpAddress, OperationName, ObjectKey, ...) or the diagnostic-settings
// export (time, callerIpAddress, operationName, properties.objectKey, ...). Each record becomes
// an event of type "storage.blob.<OperationName>" with the fields the storage rules test:
//   ip (without the port), port, account, container, object, auth (AuthenticationType), user
//   (UPN, else object id), status, operation, url, user_agent, request_bytes, response_bytes,
//   content_md5 (RequestMd5 as lower-case hex), sas_signature (from AuthenticationHash).
#include <array>

#include "detect/readers/formats.h"
#include "detect/readers/json_fields.h"

namespace bulwark::detect {
namespace {

using nlohmann::json;

std::string firstText(const json& doc, std::initializer_list<const char*> paths) {
  for (const char* p : paths) {
    std::string v = jsonText(doc, p);
    if (!v.empty()) return v;
  }
  return {};
}

// "1.2.3.4:5678", "[2001:db8::1]:443", "2001:db8::1" or "1.2.3.4" -> address and port.
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

// Base64 to lower-case hex; "" when the text is not base64.
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

// "key1(...),SasSignature(ABC)" -> "ABC".
std::string sasSignature(const std::string& hash) {
  static const std::string kMarker = "SasSignature(";
  size_t at = hash.find(kMarker);
  if (at == std::string::npos) return {};
  size_t start = at + kMarker.size();
  size_t end = hash.find(')', start);
  return end == std::string::npos ? std::string() : hash.substr(start, end - start);
}

class StorageBlobLogsReader : public LineReader {
  std::string parseLine(const Line& line, const EventSink& emit) override {
    json r = json::parse(line.text, nullptr, false);
    if (r.is_discarded()) return "not valid JSON";
    if (!r.is_object()) return "not a JSON object";
    std::optional<int64_t> time;
    for (const char* name : {"TimeGenerated", "time"}) {
      auto it = r.find(name);
      if (it != r.end() && (time = jsonTime(*it))) break;
    }
    if (!time) return "record without a readable TimeGenerated or time";
    std::string operation = firstText(r, {"OperationName", "operationName"});
    if (operation.empty()) return "record without an OperationName";

    KeyTable& k = line.keys;
    Event e = eventFor(line);
    e.timeNs = *time;
    e.source = k.intern("storage-blob-logs");
    e.type = k.intern("storage.blob." + operation);
    e.resourceId = firstText(r, {"_ResourceId", "resourceId"});
    auto put = [&](Key key, std::string value) {
      if (!value.empty()) e.set(key, std::move(value));
    };
    put(keys::kOperation, operation);
    auto [ip, port] = splitAddress(firstText(r, {"CallerIpAddress", "callerIpAddress"}));
    put(keys::kIp, ip);
    put(keys::kPort, port);
    put(keys::kStatus, firstText(r, {"StatusCode", "statusCode"}));
    put(keys::kUrl, firstText(r, {"Uri", "uri"}));
    put(keys::kUserAgent, firstText(r, {"UserAgentHeader", "properties.userAgentHeader"}));
    put(keys::kUser, firstText(r, {"RequesterUpn", "identity.requester.upn", "RequesterObjectId",
                                   "identity.requester.objectId"}));
    std::string auth = firstText(r, {"AuthenticationType", "identity.type"});
    put(k.intern("auth"), auth);
    std::string account = firstText(r, {"AccountName", "properties.accountName"});
    put(k.intern("account"), account);
    // ObjectKey is "/account/container/blob/path".
    std::string objectKey = firstText(r, {"ObjectKey", "properties.objectKey"});
    size_t containerStart = objectKey.find('/', 1);
    if (!objectKey.empty() && containerStart != std::string::npos) {
      std::string rest = objectKey.substr(containerStart + 1);
      size_t slash = rest.find('/');
      put(k.intern("container"), rest.substr(0, slash));
      if (slash != std::string::npos) put(k.intern("object"), rest.substr(slash + 1));
    }
    put(k.intern("request_bytes"), firstText(r, {"RequestBodySize", "properties.requestBodySize"}));
    put(k.intern("response_bytes"),
        firstText(r, {"ResponseBodySize", "properties.responseBodySize"}));
    put(k.intern("content_md5"),
        base64ToHex(firstText(r, {"RequestMd5", "properties.requestMd5"})));
    put(k.intern("sas_signature"),
        sasSignature(firstText(r, {"AuthenticationHash", "identity.tokenHash"})));
    emit(std::move(e));
    return {};
  }
};

}  // namespace

std::unique_ptr<Reader> makeStorageBlobLogsReader() {
  return std::make_unique<StorageBlobLogsReader>();
}

}  // namespace bulwark::detect
