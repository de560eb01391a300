#include "logs/analytics_log_source.h"

#include <bulwark/line_source.hpp>

#include <algorithm>
#include <vector>

#include "logs/log_fields.h"
#include "logs/storage_event_keys.h"

namespace bulwark::storage::logs {
namespace {

// 0-based positions of the documented fields.
enum Field : size_t {
  kVersion = 0,
  kStartTime = 1,
  kOperationType = 2,
  kRequestStatus = 3,
  kHttpStatus = 4,
  kAuthType = 7,
  kOwnerAccount = 9,
  kServiceType = 10,
  kRequestUrl = 11,
  kObjectKey = 12,
  kRequesterIp = 15,
  kRequestPacketSize = 18,
  kResponsePacketSize = 20,
  kRequestMd5 = 22,
  kUserAgent = 27,
  kUserObjectId = 30,  // 2.0 from here on
  kUserPrincipalName = 35,
};
constexpr size_t kFieldsV1 = 30;
constexpr size_t kFieldsV2 = 38;

void htmlDecode(std::string_view text, std::string& out) {
  out.clear();
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '&') {
      size_t semi = text.find(';', i);
      if (semi != std::string_view::npos && semi - i <= 8) {
        std::string_view entity = text.substr(i + 1, semi - i - 1);
        char c = 0;
        if (entity == "quot")
          c = '"';
        else if (entity == "amp")
          c = '&';
        else if (entity == "lt")
          c = '<';
        else if (entity == "gt")
          c = '>';
        else if (entity == "apos")
          c = '\'';
        else if (entity.size() > 1 && entity[0] == '#') {
          int code = 0;
          for (char d : entity.substr(1))
            code = (d >= '0' && d <= '9' && code < 1000) ? code * 10 + (d - '0') : -1;
          if (code > 0 && code < 128) c = static_cast<char>(code);
        }
        if (c != 0) {
          out.push_back(c);
          i = semi;
          continue;
        }
      }
    }
    out.push_back(text[i]);
  }
}

std::string_view authType(const std::vector<std::string_view>& f) {
  std::string_view type = f[kAuthType];
  if (type == "anonymous") return "Anonymous";
  if (type == "sas") return "SAS";
  if (type == "authenticated")
    return f.size() > kUserObjectId && !f[kUserObjectId].empty() ? "OAuth" : "AccountKey";
  return type;
}

// The SAS query parameters of `url` other than sig, sorted: the token's identity when the
// signature itself is redacted.
std::string sasIdentity(std::string_view url) {
  size_t query = url.find('?');
  if (query == std::string_view::npos) return {};
  std::vector<std::string_view> params;
  std::string_view signature;
  size_t pos = query + 1;
  while (pos <= url.size()) {
    size_t amp = std::min(url.find('&', pos), url.size());
    std::string_view param = url.substr(pos, amp - pos);
    std::string_view name = param.substr(0, param.find('='));
    static constexpr std::string_view kSasNames[] = {"sv",  "ss",  "srt", "sp",  "se",    "st",
                                                     "sr",  "si",  "sip", "spr", "skoid", "sktid",
                                                     "skt", "ske", "sks", "skv"};
    if (name == "sig") signature = param.substr(4);
    for (std::string_view n : kSasNames) {
      if (name == n) params.push_back(param);
    }
    pos = amp + 1;
  }
  if (!signature.empty() && signature != "XXXXX") return std::string(signature);
  if (params.empty()) return {};
  std::sort(params.begin(), params.end());
  std::string identity = "params:";
  for (std::string_view p : params) {
    if (identity.size() > 7) identity += '&';
    identity += p;
  }
  return identity;
}

class AnalyticsLogReader {
 public:
  explicit AnalyticsLogReader(sdk::EventSink& sink) : sink_(sink), keys_(sink) {}

  std::string parse(std::string_view line, uint64_t number) {
    std::string error = split(line);
    if (!error.empty()) return error;
    const auto& f = fields_;
    if (f[kVersion] != "1.0" && f[kVersion] != "2.0")
      return "not a Storage Analytics log line (version '" +
             std::string(f[kVersion].substr(0, 16)) + "', expected 1.0 or 2.0)";
    size_t wanted = f[kVersion] == "1.0" ? kFieldsV1 : kFieldsV2;
    if (f.size() != wanted)
      return "version " + std::string(f[kVersion]) + " line with " + std::to_string(f.size()) +
             " fields, expected " + std::to_string(wanted);
    auto time = parseIso8601(f[kStartTime]);
    if (!time) return "bad request-start-time '" + std::string(f[kStartTime].substr(0, 40)) + "'";
    if (f[kOperationType].empty()) return "empty operation-type";

    std::string_view service = f[kServiceType].empty() ? "blob" : f[kServiceType];
    type_.assign("storage.").append(service).append(".").append(f[kOperationType]);
    sink_.begin(*time, sink_.key(type_), line, number);
    put(keys_.operation, f[kOperationType]);
    auto [ip, port] = splitAddress(f[kRequesterIp]);
    put(keys_.ip, ip);
    put(keys_.port, port);
    put(keys_.status, f[kHttpStatus]);
    put(keys_.url, f[kRequestUrl]);
    put(keys_.userAgent, f[kUserAgent]);
    if (f.size() == kFieldsV2)
      put(keys_.user, f[kUserPrincipalName].empty() ? f[kUserObjectId] : f[kUserPrincipalName]);
    std::string_view auth = authType(f);
    put(keys_.auth, auth);
    put(keys_.requestStatus, f[kRequestStatus]);
    put(keys_.account, f[kOwnerAccount]);
    auto [container, object] = objectKeyParts(f[kObjectKey]);
    put(keys_.container, container);
    put(keys_.object, object);
    put(keys_.requestBytes, f[kRequestPacketSize]);
    put(keys_.responseBytes, f[kResponsePacketSize]);
    base64ToHex(f[kRequestMd5], scratch_);
    put(keys_.contentMd5, sink_.keep(scratch_));
    if (auth == "SAS") put(keys_.sasSignature, sink_.keep(sasIdentity(f[kRequestUrl])));
    sink_.end();
    return {};
  }

 private:
  // Splits on ';' outside quotes into views of the line (a decoded copy in the sink when a
  // quoted field holds an entity). Returns "" or why the line does not split, with the column.
  std::string split(std::string_view line) {
    fields_.clear();
    size_t pos = 0;
    while (true) {
      if (pos < line.size() && line[pos] == '"') {
        size_t close = line.find('"', pos + 1);
        if (close == std::string_view::npos)
          return "unterminated quote at column " + std::to_string(pos + 1);
        std::string_view quoted = line.substr(pos + 1, close - pos - 1);
        if (quoted.find('&') == std::string_view::npos) {
          fields_.push_back(quoted);
        } else {
          htmlDecode(quoted, scratch_);
          fields_.push_back(sink_.keep(scratch_));
        }
        pos = close + 1;
        if (pos < line.size() && line[pos] != ';')
          return "text after a closing quote at column " + std::to_string(pos + 1);
      } else {
        size_t semi = std::min(line.find(';', pos), line.size());
        fields_.push_back(line.substr(pos, semi - pos));
        pos = semi;
      }
      if (pos >= line.size()) return {};
      ++pos;  // the ';'
    }
  }

  // Values are views of the line or copies in the sink, both valid until its next flush.
  void put(bw_key key, std::string_view value) {
    if (!value.empty()) sink_.field(key, value);
  }

  sdk::EventSink& sink_;
  StorageEventKeys keys_;
  std::vector<std::string_view> fields_;
  std::string type_;
  std::string scratch_;
};

}  // namespace

void readAnalyticsLogs(const std::string& path, sdk::ReadPosition& position, sdk::EventSink& sink) {
  AnalyticsLogReader reader(sink);
  sdk::readLines(path, position, sink, [&](std::string_view line, uint64_t number) {
    return reader.parse(line, number);
  });
}

sdk::EventSourceDef analyticsLogsSource() {
  return {kAnalyticsSource,
          "classic Storage Analytics $logs lines (versions 1.0 and 2.0), as storage-blob-logs "
          "events",
          [](const std::string& path, sdk::ReadPosition& position, sdk::EventSink& sink,
             const sdk::Context&) { readAnalyticsLogs(path, position, sink); }};
}

}  // namespace bulwark::storage::logs
