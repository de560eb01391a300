#include "logs/blob_log_source.h"

#include <bulwark/line_source.hpp>

#include "logs/blob_log_record.h"
#include "logs/log_fields.h"
#include "logs/storage_event_keys.h"

namespace bulwark::storage::logs {
namespace {

using M = BlobLogMember;

// "key1(...),SasSignature(ABC)" -> "ABC".
std::string_view sasSignature(std::string_view hash) {
  static constexpr std::string_view kMarker = "SasSignature(";
  size_t at = hash.find(kMarker);
  if (at == std::string_view::npos) return {};
  size_t start = at + kMarker.size();
  size_t end = hash.find(')', start);
  return end == std::string_view::npos ? std::string_view{} : hash.substr(start, end - start);
}

class BlobLogReader {
 public:
  explicit BlobLogReader(sdk::EventSink& sink) : sink_(sink), keys_(sink) {}

  std::string parse(std::string_view line, uint64_t number) {
    switch (record_.parse(line)) {
      case BlobLogRecord::Shape::NotJson:
        return "not valid JSON";
      case BlobLogRecord::Shape::NotObject:
        return "not a JSON object";
      case BlobLogRecord::Shape::Object:
        break;
    }
    std::optional<int64_t> time = record_.time(M::TimeGenerated);
    if (!time) time = record_.time(M::Time);
    if (!time) return "record without a readable TimeGenerated or time";
    std::string_view operation = record_.firstText({M::OperationName, M::ExportOperationName});
    if (operation.empty()) return "record without an OperationName";

    type_.assign("storage.blob.").append(operation);
    sink_.begin(*time, sink_.key(type_), line, number);
    sink_.resourceId(keep(record_.firstText({M::ResourceId, M::ExportResourceId})));
    put(keys_.operation, operation);
    auto [ip, port] =
        splitAddress(record_.firstText({M::CallerIpAddress, M::ExportCallerIpAddress}));
    put(keys_.ip, ip);
    put(keys_.port, port);
    put(keys_.status, record_.firstText({M::StatusCode, M::ExportStatusCode}));
    put(keys_.url, record_.firstText({M::Uri, M::ExportUri}));
    put(keys_.userAgent, record_.firstText({M::UserAgentHeader, M::ExportUserAgentHeader}));
    put(keys_.user, record_.firstText({M::RequesterUpn, M::ExportRequesterUpn, M::RequesterObjectId,
                                       M::ExportRequesterObjectId}));
    put(keys_.auth, record_.firstText({M::AuthenticationType, M::ExportAuthenticationType}));
    put(keys_.account, record_.firstText({M::AccountName, M::ExportAccountName}));
    auto [container, object] =
        objectKeyParts(record_.firstText({M::ObjectKey, M::ExportObjectKey}));
    put(keys_.container, container);
    put(keys_.object, object);
    put(keys_.requestBytes, record_.firstText({M::RequestBodySize, M::ExportRequestBodySize}));
    put(keys_.responseBytes, record_.firstText({M::ResponseBodySize, M::ExportResponseBodySize}));
    base64ToHex(record_.firstText({M::RequestMd5, M::ExportRequestMd5}), hex_);
    put(keys_.contentMd5, hex_);
    put(keys_.sasSignature,
        sasSignature(record_.firstText({M::AuthenticationHash, M::ExportAuthenticationHash})));
    sink_.end();
    return {};
  }

 private:
  // The record's text lives until the next line: the sink keeps its own copy.
  std::string_view keep(std::string_view text) { return sink_.keep(text); }
  void put(bw_key key, std::string_view value) {
    if (!value.empty()) sink_.field(key, keep(value));
  }

  sdk::EventSink& sink_;
  StorageEventKeys keys_;
  BlobLogRecord record_;
  std::string type_;
  std::string hex_;
};

}  // namespace

void readBlobLogs(const std::string& path, sdk::ReadPosition& position, sdk::EventSink& sink) {
  BlobLogReader reader(sink);
  sdk::readLines(path, position, sink, [&](std::string_view line, uint64_t number) {
    return reader.parse(line, number);
  });
}

sdk::EventSourceDef blobLogsSource() {
  return {kBlobLogsSource,
          "Azure StorageBlobLogs as JSON Lines (Log Analytics or diagnostic-export shape)",
          [](const std::string& path, sdk::ReadPosition& position, sdk::EventSink& sink,
             const sdk::Context&) { readBlobLogs(path, position, sink); }};
}

}  // namespace bulwark::storage::logs
