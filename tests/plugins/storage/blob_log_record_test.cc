// The streaming StorageBlobLogs record reader against an oracle: each line also parsed into a
// document with nlohmann::json and looked up by dotted path, as the kernel's reader did. Lines
// are the generator's, in both shapes, and hostile variants: duplicate members (the later one
// wins, an object replaced by a scalar and back), nested members of the wrong kind, numbers in
// every form, escapes, non-object roots and broken JSON.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "logs/blob_log_generator.h"
#include "logs/blob_log_record.h"

using namespace bulwark::storage::logs;
using nlohmann::json;
using M = BlobLogMember;

namespace {

const std::pair<M, const char*> kPaths[] = {
    {M::TimeGenerated, "TimeGenerated"},
    {M::OperationName, "OperationName"},
    {M::ResourceId, "_ResourceId"},
    {M::CallerIpAddress, "CallerIpAddress"},
    {M::StatusCode, "StatusCode"},
    {M::Uri, "Uri"},
    {M::UserAgentHeader, "UserAgentHeader"},
    {M::RequesterUpn, "RequesterUpn"},
    {M::RequesterObjectId, "RequesterObjectId"},
    {M::AuthenticationType, "AuthenticationType"},
    {M::AccountName, "AccountName"},
    {M::ObjectKey, "ObjectKey"},
    {M::RequestBodySize, "RequestBodySize"},
    {M::ResponseBodySize, "ResponseBodySize"},
    {M::RequestMd5, "RequestMd5"},
    {M::AuthenticationHash, "AuthenticationHash"},
    {M::Time, "time"},
    {M::ExportOperationName, "operationName"},
    {M::ExportResourceId, "resourceId"},
    {M::ExportCallerIpAddress, "callerIpAddress"},
    {M::ExportStatusCode, "statusCode"},
    {M::ExportUri, "uri"},
    {M::ExportUserAgentHeader, "properties.userAgentHeader"},
    {M::ExportRequesterUpn, "identity.requester.upn"},
    {M::ExportRequesterObjectId, "identity.requester.objectId"},
    {M::ExportAuthenticationType, "identity.type"},
    {M::ExportAccountName, "properties.accountName"},
    {M::ExportObjectKey, "properties.objectKey"},
    {M::ExportRequestBodySize, "properties.requestBodySize"},
    {M::ExportResponseBodySize, "properties.responseBodySize"},
    {M::ExportRequestMd5, "properties.requestMd5"},
    {M::ExportAuthenticationHash, "identity.tokenHash"},
};

// What the kernel's JSON readers answer: the scalar at a dotted path, as text.
std::string documentText(const json& doc, std::string_view path) {
  const json* cur = &doc;
  while (!path.empty()) {
    size_t dot = path.find('.');
    if (!cur->is_object()) return {};
    auto it = cur->find(std::string(path.substr(0, dot)));
    if (it == cur->end()) return {};
    cur = &*it;
    path = dot == std::string_view::npos ? std::string_view() : path.substr(dot + 1);
  }
  if (cur->is_string()) return cur->get<std::string>();
  if (cur->is_number() || cur->is_boolean()) return cur->dump();
  return {};
}

void checkAgainstDocument(const std::string& line) {
  INFO(line);
  BlobLogRecord record;
  BlobLogRecord::Shape shape = record.parse(line);
  json doc = json::parse(line, nullptr, false);
  if (doc.is_discarded()) {
    CHECK(shape == BlobLogRecord::Shape::NotJson);
    return;
  }
  if (!doc.is_object()) {
    CHECK(shape == BlobLogRecord::Shape::NotObject);
    return;
  }
  REQUIRE(shape == BlobLogRecord::Shape::Object);
  for (const auto& [member, path] : kPaths) {
    INFO(path);
    CHECK(std::string(record.text(member)) == documentText(doc, path));
  }
}

}  // namespace

TEST_CASE("blob log records: the generator's lines read as their documents", "[storage]") {
  GeneratorOptions o;
  o.cleanRecords = 300;
  auto logs =
      generateBlobLogs(o, {{AttackKind::MalwareUpload, o.startUnixSeconds + 60, "", 0},
                           {AttackKind::SasFromNewAddress, o.startUnixSeconds + 90, "", 0}});
  for (const auto& r : logs.records) {
    checkAgainstDocument(r.dump());
    // The diagnostic-export shape of the same record.
    json e = {{"time", r["TimeGenerated"]},
              {"operationName", r["OperationName"]},
              {"resourceId", r["_ResourceId"]},
              {"callerIpAddress", r["CallerIpAddress"]},
              {"statusCode", std::stoi(r["StatusCode"].get<std::string>())},
              {"uri", r["Uri"]},
              {"identity",
               {{"type", r["AuthenticationType"]},
                {"tokenHash", r["AuthenticationHash"]},
                {"requester", {{"objectId", r["RequesterObjectId"]}, {"upn", "a@b.example"}}}}},
              {"properties",
               {{"accountName", r["AccountName"]},
                {"objectKey", r["ObjectKey"]},
                {"userAgentHeader", r["UserAgentHeader"]},
                {"requestBodySize", r["RequestBodySize"]},
                {"responseBodySize", r["ResponseBodySize"]},
                {"requestMd5", r["RequestMd5"]}}}};
    checkAgainstDocument(e.dump());
  }
}

TEST_CASE("blob log records: hostile lines read as their documents, or are refused alike",
          "[storage]") {
  for (const char* line : {
           R"({"OperationName":"GetBlob","OperationName":"PutBlob"})",
           R"({"identity":{"type":"SAS","requester":{"upn":"x"}},"identity":{"tokenHash":"h"}})",
           R"({"identity":{"requester":{"upn":"x"}},"identity":"flat"})",
           R"({"identity":"flat","identity":{"requester":{"objectId":"o"}}})",
           R"({"properties":[{"objectKey":"/a/b/c"}],"properties":{"accountName":"acct"}})",
           R"({"properties":{"objectKey":{"nested":"no"},"accountName":["a"]}})",
           R"({"properties":{"objectKey":"/a/b","properties":{"objectKey":"deep"}}})",
           R"({"identity":{"requester":{"requester":{"upn":"deeper"}},"type":null}})",
           R"({"StatusCode":404,"RequestBodySize":-0,"ResponseBodySize":1.5e3,"Uri":true})",
           R"({"ResponseBodySize":18446744073709551615,"RequestBodySize":-9223372036854775808})",
           R"({"ResponseBodySize":1e400,"RequestBodySize":0.1,"StatusCode":12.0})",
           R"({"TimeGenerated":1767225600,"time":"2026-01-01T00:00:00Z"})",
           R"({"Uri":"https:\/\/a\u00e9\"b","UserAgentHeader":"tab\there\ud83d\ude00"})",
           R"({"a":{"OperationName":"nested, not top-level"},"b":[{"Uri":"in an array"}]})",
           R"({"OperationName":"GetBlob"}   )",
           R"({"OperationName":"GetBlob"} x)",
           R"({"OperationName":"GetBlob",})",
           R"({"OperationName":"GetBlob")",
           R"(["OperationName","GetBlob"])",
           R"("just a string")",
           R"(42)",
           "{\"Uri\":\"bad utf-8 \xff\"}",
           "",
           "   ",
           "{\"Uri\":\"control\x01char\"}",
           R"({"Uri":"\uZZZZ"})",
       })
    checkAgainstDocument(line);
}
