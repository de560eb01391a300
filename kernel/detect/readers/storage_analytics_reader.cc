// The classic Storage Analytics log format ($logs container): one request per line, fields
// separated by ';', quoted when they may hold a quote, ';' or newline (then HTML-encoded).
// Version 1.0 has 30 fields; 2.0 adds 8 for OAuth requests (user-object-id ... authorization-
// detail). Records get the event type and fields of the StorageBlobLogs reader, so the storage
// rules read both: "storage.<service>.<operation-type>" with ip, port, account (owner), container,
// object, auth (Anonymous, SAS, OAuth, AccountKey), user, status (HTTP code), url, user_agent,
// request_bytes, response_bytes, content_md5 and sas_signature.
//
// The format carries no AuthenticationHash: a SAS is identified by its signature when the URL
// holds it, else (Azure writes sig=XXXXX) by its other parameters (sv, st, se, sp, sr, si ...),
// which differ between tokens the way signatures do.
#include <algorithm>

#include "detect/readers/formats.h"
#include "detect/readers/storage_log_fields.h"
#include "util/time.h"

namespace bulwark::detect {
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

std::string htmlDecoded(std::string_view text) {
  std::string out;
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
  return out;
}

// Splits on ';' outside quotes. Returns "" or the reason the line does not split, with the
// column where it failed.
std::string splitFields(std::string_view line, std::vector<std::string>& fields) {
  size_t pos = 0;
  while (true) {
    if (pos < line.size() && line[pos] == '"') {
      size_t close = line.find('"', pos + 1);
      if (close == std::string_view::npos)
        return "unterminated quote at column " + std::to_string(pos + 1);
      fields.push_back(htmlDecoded(line.substr(pos + 1, close - pos - 1)));
      pos = close + 1;
      if (pos < line.size() && line[pos] != ';')
        return "text after a closing quote at column " + std::to_string(pos + 1);
    } else {
      size_t semi = std::min(line.find(';', pos), line.size());
      fields.emplace_back(line.substr(pos, semi - pos));
      pos = semi;
    }
    if (pos >= line.size()) return {};
    ++pos;  // the ';'
  }
}

std::string authType(const std::vector<std::string>& f) {
  const std::string& type = f[kAuthType];
  if (type == "anonymous") return "Anonymous";
  if (type == "sas") return "SAS";
  if (type == "authenticated")
    return f.size() > kUserObjectId && !f[kUserObjectId].empty() ? "OAuth" : "AccountKey";
  return type;
}

// The SAS query parameters of `url` other than sig, sorted: the token's identity when the
// signature itself is redacted.
std::string sasIdentity(const std::string& url) {
  size_t query = url.find('?');
  if (query == std::string::npos) return {};
  std::vector<std::string> params;
  std::string signature;
  size_t pos = query + 1;
  while (pos <= url.size()) {
    size_t amp = std::min(url.find('&', pos), url.size());
    std::string param = url.substr(pos, amp - pos);
    std::string name = param.substr(0, param.find('='));
    static const char* kSasNames[] = {"sv",  "ss",  "srt",   "sp",    "se",  "st",  "sr",  "si",
                                      "sip", "spr", "skoid", "sktid", "skt", "ske", "sks", "skv"};
    if (name == "sig") signature = param.substr(4);
    for (const char* n : kSasNames) {
      if (name == n) params.push_back(param);
    }
    pos = amp + 1;
  }
  if (!signature.empty() && signature != "XXXXX") return signature;
  if (params.empty()) return {};
  std::sort(params.begin(), params.end());
  std::string identity = "params:";
  for (const auto& p : params)
    identity += (identity.size() > 7 ? "&" : "") + p;
  return identity;
}

class StorageAnalyticsReader : public LineReader {
  std::string parseLine(const Line& line, const EventSink& emit) override {
    std::vector<std::string> f;
    std::string error = splitFields(line.text, f);
    if (!error.empty()) return error;
    if (f[kVersion] != "1.0" && f[kVersion] != "2.0")
      return "not a Storage Analytics log line (version '" + f[kVersion].substr(0, 16) +
             "', expected 1.0 or 2.0)";
    size_t wanted = f[kVersion] == "1.0" ? kFieldsV1 : kFieldsV2;
    if (f.size() != wanted)
      return "version " + f[kVersion] + " line with " + std::to_string(f.size()) +
             " fields, expected " + std::to_string(wanted);
    auto time = parseIso8601(f[kStartTime]);
    if (!time) return "bad request-start-time '" + f[kStartTime].substr(0, 40) + "'";
    if (f[kOperationType].empty()) return "empty operation-type";

    KeyTable& k = line.keys;
    Event e = eventFor(line);
    e.timeNs = *time;
    e.source = k.intern("storage-analytics");
    std::string service = f[kServiceType].empty() ? "blob" : f[kServiceType];
    e.type = k.intern("storage." + service + "." + f[kOperationType]);
    auto put = [&](Key key, std::string value) {
      if (!value.empty()) e.set(key, std::move(value));
    };
    put(keys::kOperation, f[kOperationType]);
    auto [ip, port] = splitAddress(f[kRequesterIp]);
    put(keys::kIp, ip);
    put(keys::kPort, port);
    put(keys::kStatus, f[kHttpStatus]);
    put(keys::kUrl, f[kRequestUrl]);
    put(keys::kUserAgent, f[kUserAgent]);
    if (f.size() == kFieldsV2)
      put(keys::kUser, f[kUserPrincipalName].empty() ? f[kUserObjectId] : f[kUserPrincipalName]);
    std::string auth = authType(f);
    put(k.intern("auth"), auth);
    put(k.intern("request_status"), f[kRequestStatus]);
    put(k.intern("account"), f[kOwnerAccount]);
    setObjectKeyFields(f[kObjectKey], e, k);
    put(k.intern("request_bytes"), f[kRequestPacketSize]);
    put(k.intern("response_bytes"), f[kResponsePacketSize]);
    put(k.intern("content_md5"), base64ToHex(f[kRequestMd5]));
    if (auth == "SAS") put(k.intern("sas_signature"), sasIdentity(f[kRequestUrl]));
    emit(std::move(e));
    return {};
  }
};

}  // namespace

std::unique_ptr<Reader> makeStorageAnalyticsReader() {
  return std::make_unique<StorageAnalyticsReader>();
}

}  // namespace bulwark::detect
