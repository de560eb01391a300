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
#include "detect/readers/storage_log_fields.h"

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
    setObjectKeyFields(firstText(r, {"ObjectKey", "properties.objectKey"}), e, k);
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
