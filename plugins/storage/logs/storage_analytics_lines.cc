#include "logs/storage_analytics_lines.h"

namespace bulwark::storage::logs {
namespace {

using nlohmann::json;

std::string text(const json& record, const char* name) {
  auto it = record.find(name);
  if (it == record.end() || it->is_null()) return {};
  return it->is_string() ? it->get<std::string>() : it->dump();
}

// Fields that may hold a quote, ';' or newline are HTML-encoded and quoted.
std::string quoted(const std::string& value) {
  if (value.empty()) return {};
  std::string out = "\"";
  for (char c : value) {
    switch (c) {
      case '"':
        out += "&quot;";
        break;
      case '&':
        out += "&amp;";
        break;
      case ';':
        out += "&#59;";
        break;
      case '\n':
        out += "&#10;";
        break;
      default:
        out += c;
    }
  }
  return out + "\"";
}

// "2026-01-01T00:00:00.123Z" -> "2026-01-01T00:00:00.1230000Z" (the format's 7 digits).
std::string startTime(const std::string& iso) {
  size_t dot = iso.find('.');
  if (dot == std::string::npos || iso.back() != 'Z') return iso;
  std::string fraction = iso.substr(dot + 1, iso.size() - dot - 2);
  fraction.resize(7, '0');
  return iso.substr(0, dot + 1) + fraction + "Z";
}

std::string line(const json& r, StorageAnalyticsVersion version) {
  std::string auth = text(r, "AuthenticationType");
  std::string authType = auth == "Anonymous" ? "anonymous"
                         : auth == "SAS"     ? "sas"
                                             : "authenticated";
  std::string prefix = auth == "Anonymous" ? "Anonymous" : auth == "SAS" ? "SAS" : "";
  std::string account = text(r, "AccountName");
  std::vector<std::string> f = {
      version == StorageAnalyticsVersion::V1 ? "1.0" : "2.0",
      startTime(text(r, "TimeGenerated")),
      text(r, "OperationName"),
      prefix + text(r, "MetricResponseType"),
      text(r, "StatusCode"),
      text(r, "DurationMs"),
      text(r, "ServerLatencyMs"),
      authType,
      authType == "authenticated" ? account : "",
      account,
      text(r, "ServiceType"),
      quoted(text(r, "Uri")),
      quoted(text(r, "ObjectKey")),
      text(r, "CorrelationId"),
      "0",
      text(r, "CallerIpAddress"),
      text(r, "OperationVersion"),
      text(r, "RequestHeaderSize"),
      text(r, "RequestBodySize"),
      text(r, "ResponseHeaderSize"),
      text(r, "ResponseBodySize"),
      text(r, "RequestBodySize"),
      quoted(text(r, "RequestMd5")),
      "",  // server-md5
      "",  // etag-identifier
      "",  // last-modified-time
      "",  // conditions-used
      quoted(text(r, "UserAgentHeader")),
      "",  // referrer-header
      quoted(text(r, "ClientRequestId")),
  };
  if (version == StorageAnalyticsVersion::V2) {
    std::string tenant = text(r, "RequesterTenantId");
    bool oauth = auth == "OAuth";
    f.push_back(text(r, "RequesterObjectId"));
    f.push_back(tenant);
    f.push_back(text(r, "RequesterAppId"));
    f.push_back(oauth ? "https://storage.azure.com/" : "");
    f.push_back(oauth ? "https://sts.windows.net/" + tenant + "/" : "");
    f.push_back(text(r, "RequesterUpn"));
    f.push_back("");  // reserved-field
    f.push_back("");  // authorization-detail
  }
  std::string out;
  for (size_t i = 0; i < f.size(); ++i)
    out += (i ? ";" : "") + f[i];
  return out;
}

}  // namespace

std::string toStorageAnalyticsLines(const GeneratedLogs& logs, StorageAnalyticsVersion version) {
  std::string out;
  for (const auto& r : logs.records)
    out += line(r, version) + "\n";
  return out;
}

}  // namespace bulwark::storage::logs
