// The storage plugin's storage-analytics source on lines written the way Microsoft documents
// the $logs format (versions 1.0 and 2.0), and on broken ones.
#include <catch2/catch.hpp>

#include "plugins/storage/storage_log_support.h"

using namespace bulwark::detect;

namespace {

bulwark::test::StorageRead readText(KeyTable& keys, const std::string& type,
                                    const std::string& text) {
  return bulwark::test::readStorageText(keys, type, text);
}

}  // namespace

namespace {

std::string field(const Event& e, KeyTable& keys, const std::string& name) {
  return std::string(e.get(keys.intern(name), keys));
}

// An anonymous GetBlob (version 1.0) and an OAuth PutBlob with a Content-MD5 (version 2.0).
const std::string kAnonymousGet =
    "1.0;2026-01-02T03:04:05.1234567Z;GetBlob;AnonymousSuccess;200;33;32;anonymous;;"
    "contosoprodweb01;blob;\"https://contosoprodweb01.blob.core.windows.net/product-images/"
    "lake.jpg?timeout=30\";\"/contosoprodweb01/product-images/lake.jpg\";"
    "a84aa705-8a85-48c5-b064-b43bd22979c1;0;203.0.113.45:50123;2021-12-02;252;0;265;1048576;0;"
    ";;\"0x8D101F7E4B662C4\";Friday, 09-May-26 00:00:02 GMT;;\"curl/8.5.0\";;"
    "\"7/20/2026 9:06:31 PM\"";
const std::string kOAuthPut =
    "2.0;2026-01-02T03:04:06.0000000Z;PutBlob;Success;201;7;7;authenticated;contosoprodweb01;"
    "contosoprodweb01;blob;\"https://contosoprodweb01.blob.core.windows.net/invoices/a&#59;b.pdf\";"
    "\"/contosoprodweb01/invoices/a&#59;b.pdf\";3f1e2d4c-1111-4222-8333-944455556666;0;"
    "[2001:db8::7]:443;2021-12-02;512;68;210;0;68;\"RNiGEv6oqPNt6C4SeKuwLw==\";;;;;"
    "\"azsdk-net-Storage.Blobs/12.19.1 (&quot;x&quot;)\";;\"c1\";"
    "7a1c3e5f-0000-4000-8000-000000000001;8d1c4f2b-3a6e-4b9d-a7c5-1e0f9b2d6a48;"
    "3e9f1a52-7c4d-4b8e-9a61-2f0d5c8b7e13;https://storage.azure.com/;"
    "https://sts.windows.net/8d1c4f2b-3a6e-4b9d-a7c5-1e0f9b2d6a48/;alice@contoso.example;;";

}  // namespace

TEST_CASE("storage-analytics: documented 1.0 and 2.0 lines give StorageBlobLogs-like events",
          "[storage-analytics]") {
  KeyTable keys;
  auto r = readText(keys, "storage-analytics", kAnonymousGet + "\n" + kOAuthPut + "\n");
  CHECK(r.stats.failed == 0);
  REQUIRE(r.events.size() == 2);
  const Event& get = r.events[0];
  CHECK(keys.text(get.type) == "storage.blob.GetBlob");
  CHECK(keys.text(get.source) == "storage-analytics");
  CHECK(get.timeNs == 1767323045123456700LL);
  CHECK(get.get(keys::kIp, keys) == "203.0.113.45");
  CHECK(get.get(keys::kPort, keys) == "50123");
  CHECK(get.get(keys::kStatus, keys) == "200");
  CHECK(get.get(keys::kUserAgent, keys) == "curl/8.5.0");
  CHECK(field(get, keys, "auth") == "Anonymous");
  CHECK(field(get, keys, "account") == "contosoprodweb01");
  CHECK(field(get, keys, "container") == "product-images");
  CHECK(field(get, keys, "object") == "lake.jpg");
  CHECK(field(get, keys, "response_bytes") == "1048576");
  CHECK(!get.has(keys::kUser));

  const Event& put = r.events[1];
  CHECK(keys.text(put.type) == "storage.blob.PutBlob");
  CHECK(put.get(keys::kIp, keys) == "2001:db8::7");
  CHECK(put.get(keys::kUser, keys) == "alice@contoso.example");
  CHECK(field(put, keys, "auth") == "OAuth");
  CHECK(field(put, keys, "object") == "a;b.pdf");  // HTML-encoded ';' decoded
  CHECK(put.get(keys::kUserAgent, keys) == "azsdk-net-Storage.Blobs/12.19.1 (\"x\")");
  CHECK(field(put, keys, "content_md5") == "44d88612fea8a8f36de82e1278abb02f");
  CHECK(field(put, keys, "request_bytes") == "68");
}

TEST_CASE("storage-analytics: a SAS is known by its signature, else by its parameters",
          "[storage-analytics]") {
  KeyTable keys;
  auto sasLine = [](const std::string& query, const std::string& ip) {
    return "1.0;2026-01-02T03:04:05.0000000Z;GetBlob;SASSuccess;200;3;3;sas;;acct;blob;"
           "\"https://acct.blob.core.windows.net/c/b?" +
           query + "\";\"/acct/c/b\";id;0;" + ip + ":1;2021-12-02;1;0;1;1;0;;;;;;\"ua\";;\"x\"";
  };
  std::string log = sasLine("sv=2021-12-02&sp=r&se=2026-12-31&sig=XXXXX", "192.0.2.1") + "\n" +
                    sasLine("se=2026-12-31&sv=2021-12-02&sp=r&sig=XXXXX", "192.0.2.2") + "\n" +
                    sasLine("sv=2021-12-02&sp=rw&se=2026-12-31&sig=XXXXX", "192.0.2.3") + "\n" +
                    sasLine("sv=2021-12-02&sp=r&sig=AbC%2Bd", "192.0.2.4") + "\n";
  auto r = readText(keys, "storage-analytics", log);
  REQUIRE(r.events.size() == 4);
  Key sas = keys.intern("sas_signature");
  CHECK(r.events[0].get(sas, keys) == r.events[1].get(sas, keys));  // same token, reordered
  CHECK(r.events[0].get(sas, keys) != r.events[2].get(sas, keys));  // other permissions
  CHECK(r.events[3].get(sas, keys) == "AbC%2Bd");
  CHECK(field(r.events[0], keys, "auth") == "SAS");
}

TEST_CASE("storage-analytics: broken lines are reported by line with the reason",
          "[storage-analytics]") {
  KeyTable keys;
  std::string log = "hello;world\n" + kAnonymousGet + "\n" + kAnonymousGet.substr(0, 120) +
                    "\n" +                                     // cut inside the quoted URL
                    "2.0;" + kAnonymousGet.substr(4) + "\n" +  // 2.0 with 1.0's fields
                    "1.0;yesterday;" + kAnonymousGet.substr(33) + "\n" +
                    std::string("\x01\xff;\"\n", 5);
  auto r = readText(keys, "storage-analytics", log);
  CHECK(r.events.size() == 1);
  REQUIRE(r.stats.failures.size() == 5);
  CHECK(r.stats.failures[0].line == 1);
  CHECK_THAT(r.stats.failures[0].reason, Catch::Contains("not a Storage Analytics log line"));
  CHECK(r.stats.failures[1].line == 3);
  CHECK_THAT(r.stats.failures[1].reason, Catch::Contains("unterminated quote at column"));
  CHECK(r.stats.failures[2].line == 4);
  CHECK_THAT(r.stats.failures[2].reason, Catch::Contains("30 fields, expected 38"));
  CHECK(r.stats.failures[3].line == 5);
  CHECK_THAT(r.stats.failures[3].reason, Catch::Contains("bad request-start-time 'yesterday'"));
  CHECK(r.stats.failures[4].line == 6);
}
