// The members of one StorageBlobLogs JSON record that the storage events use, in either
// documented shape: the Log Analytics table (TimeGenerated, CallerIpAddress, OperationName,
// ObjectKey, ...) or the diagnostic-settings export (time, callerIpAddress, operationName,
// properties.objectKey, identity.requester.upn, ...). Read with a streaming parser that keeps
// only those members, so a record costs no document tree; what it answers is what looking the
// dotted paths up in the parsed document would answer (a later duplicate member replaces an
// earlier one, numbers and booleans read as their JSON text).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace bulwark::storage::logs {

enum class BlobLogMember : uint8_t {
  TimeGenerated,  // the table's columns
  OperationName,
  ResourceId,  // _ResourceId
  CallerIpAddress,
  StatusCode,
  Uri,
  UserAgentHeader,
  RequesterUpn,
  RequesterObjectId,
  AuthenticationType,
  AccountName,
  ObjectKey,
  RequestBodySize,
  ResponseBodySize,
  RequestMd5,
  AuthenticationHash,
  Time,  // the export's members
  ExportOperationName,
  ExportResourceId,
  ExportCallerIpAddress,
  ExportStatusCode,
  ExportUri,
  ExportUserAgentHeader,     // properties.userAgentHeader
  ExportRequesterUpn,        // identity.requester.upn
  ExportRequesterObjectId,   // identity.requester.objectId
  ExportAuthenticationType,  // identity.type
  ExportAccountName,         // properties.accountName
  ExportObjectKey,           // properties.objectKey
  ExportRequestBodySize,     // properties.requestBodySize
  ExportResponseBodySize,    // properties.responseBodySize
  ExportRequestMd5,          // properties.requestMd5
  ExportAuthenticationHash,  // identity.tokenHash
  Count
};

class BlobLogRecord {
 public:
  enum class Shape { NotJson, NotObject, Object };

  // Parses one line; the members read stay valid until the next parse.
  Shape parse(std::string_view line);

  // The member as text: strings as they are, numbers and booleans as JSON writes them; "" when
  // absent, null, an object or an array.
  std::string_view text(BlobLogMember member) const;
  // The first of `members` whose text is not empty.
  std::string_view firstText(std::initializer_list<BlobLogMember> members) const;
  // The member as a time: an ISO 8601 string, or a number of seconds, milliseconds,
  // microseconds or nanoseconds since the epoch (told apart by magnitude).
  std::optional<int64_t> time(BlobLogMember member) const;

  struct Value {
    enum class Kind : uint8_t { Absent, String, Number, Boolean, Other } kind = Kind::Absent;
    std::string text;   // strings; numbers and booleans as JSON writes them
    double number = 0;  // numbers
  };

 private:
  friend class BlobLogSax;
  std::array<Value, static_cast<size_t>(BlobLogMember::Count)> values_;
};

}  // namespace bulwark::storage::logs
