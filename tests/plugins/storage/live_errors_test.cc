// The live-blob collector's failures: a closed port, a missing key variable, bad settings and
// an endpoint that answers garbage. Each is a clear error naming the account and endpoint,
// the scan goes on, and no key is printed.
#include <catch2/catch.hpp>

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>

#include "live/account_reader.h"
#include "live/blob_client.h"
#include "plugins/storage/azurite.h"
#include "support/test_support.h"

using namespace bulwark;
using bulwark::storage::live::AccountConnection;
using bulwark::storage::live::BlobClient;
using bulwark::storage::live::BlobError;
using bulwark::test::TempDir;
using nlohmann::json;

namespace {

const std::string kId =
    "/subscriptions/00000000-0000-0000-0000-0000000000e1/resourceGroups/rg/providers/"
    "Microsoft.Storage/storageAccounts/broken01";
const char* kKey = "QnVsd2Fya1Rlc3RLZXlOb3RSZWFsMDAwMDAwMDAwMDAwMDA=";

std::string settings(const std::string& endpoint, const json& keyField) {
  json account = {{"name", "broken01"}, {"resource_id", kId}, {"endpoint", endpoint}};
  account.update(keyField);
  return json({{"live_accounts", json::array({account})}}).dump();
}

// A local HTTP server whose every answer is `body` with status 200: a stand-in for a proxy or
// captive portal in front of the real endpoint.
class GarbageServer {
 public:
  explicit GarbageServer(std::string body)
      : socket_(Poco::Net::SocketAddress("127.0.0.1", 0)),
        server_(new Factory(std::move(body)), socket_, new Poco::Net::HTTPServerParams) {
    server_.start();
  }
  ~GarbageServer() { server_.stopAll(true); }
  std::string endpoint() const {
    return "http://127.0.0.1:" + std::to_string(socket_.address().port()) + "/broken01";
  }

 private:
  class Handler : public Poco::Net::HTTPRequestHandler {
   public:
    explicit Handler(const std::string& body) : body_(body) {}
    void handleRequest(Poco::Net::HTTPServerRequest&,
                       Poco::Net::HTTPServerResponse& response) override {
      response.setContentType("application/xml");
      response.sendBuffer(body_.data(), body_.size());
    }

   private:
    const std::string& body_;
  };
  class Factory : public Poco::Net::HTTPRequestHandlerFactory {
   public:
    explicit Factory(std::string body) : body_(std::move(body)) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(
        const Poco::Net::HTTPServerRequest&) override {
      return new Handler(body_);
    }

   private:
    std::string body_;
  };
  Poco::Net::ServerSocket socket_;
  Poco::Net::HTTPServer server_;
};

}  // namespace

TEST_CASE("a refused connection fails the collector, naming account and endpoint",
          "[storage][live]") {
  std::string endpoint =
      "http://127.0.0.1:" + std::to_string(test::freeLoopbackPort()) + "/broken01";
  TempDir dir;
  auto config = test::writeConfig(dir, {{"storage", settings(endpoint, {{"account_key", kKey}})}},
                                  {test::sourceDir() / "config" / "samples" / "estate"});
  auto report = dir / "report.json";
  auto run = test::runBulwark({"scan", "-c", config.string(), "-f", "json", "-o", report.string()});
  CHECK(run.exitCode == 3);
  CHECK_THAT(run.err,
             Catch::Contains("account 'broken01' at " + endpoint) && Catch::Contains("refused"));
  json r = json::parse(test::readFile(report));
  CHECK(r["scan"]["status"] == "completed_with_errors");
  // The snapshot collector still ran: the sample estate's nine accounts were assessed.
  size_t accounts = 0;
  for (const auto& res : r["resources"])
    accounts += res["type"] == "Microsoft.Storage/storageAccounts" ? 1 : 0;
  CHECK(accounts == 9);
  bool recorded = false;
  for (const auto& p : r["pluginRuns"]) {
    if (p["target"] == "live-blob") {
      recorded = p["status"] == "error" && p["message"].get<std::string>().find(
                                               "1 of 1 live account(s)") != std::string::npos;
    }
  }
  CHECK(recorded);
  std::string all = run.out + run.err + test::readFile(report) + test::readFile(dir / "store.db");
  CHECK(all.find(kKey) == std::string::npos);
}

TEST_CASE("a missing key variable names the variable, not a value", "[storage][live]") {
  ::unsetenv("BULWARK_TEST_UNSET_KEY");
  TempDir dir;
  auto config = test::writeConfig(
      dir,
      {{"storage",
        settings("http://127.0.0.1:9/broken01", {{"account_key_env", "BULWARK_TEST_UNSET_KEY"}})}},
      {});
  auto run = test::runBulwark({"scan", "-c", config.string()});
  CHECK(run.exitCode == 3);
  CHECK_THAT(run.err, Catch::Contains("environment variable BULWARK_TEST_UNSET_KEY"));
}

TEST_CASE("bad live account settings are refused at create time without echoing keys",
          "[storage][live]") {
  struct Case {
    json account;
    std::string message;
  };
  std::vector<Case> cases = {
      {{{"name", "broken01"}, {"resource_id", kId}, {"account_key", "not base64 SECRETVALUE!"}},
       "account_key is not valid base64"},
      {{{"name", "broken01"}, {"resource_id", kId}}, "exactly one of account_key"},
      {{{"name", "Bad_Name"}, {"resource_id", kId}, {"account_key", kKey}}, "storage account name"},
      {{{"name", "broken01"}, {"resource_id", "/subscriptions/x"}, {"account_key", kKey}},
       "resource_id must be the account's ARM id"},
      {{{"name", "broken01"}, {"resource_id", kId}, {"account_key", kKey}, {"colour", "red"}},
       "unknown setting 'colour'"},
  };
  for (const auto& c : cases) {
    TempDir dir;
    json s = {{"live_accounts", json::array({c.account})}};
    auto config = test::writeConfig(dir, {{"storage", s.dump()}}, {});
    auto run = test::runBulwark({"scan", "-c", config.string()});
    INFO(run.err);
    CHECK(run.exitCode == 3);
    CHECK_THAT(run.err, Catch::Contains(c.message));
    CHECK(run.err.find("SECRETVALUE") == std::string::npos);
    CHECK(run.err.find(kKey) == std::string::npos);
  }
}

TEST_CASE("an endpoint answering garbage XML is a clear error, not a crash", "[storage][live]") {
  GarbageServer server("<StorageServiceProperties><Cors><CorsRule><AllowedOrigins>*</Allo");
  BlobClient client(AccountConnection{"broken01", server.endpoint(), kKey, 5, ""});
  try {
    storage::live::readAccount(client, kId);
    FAIL("expected BlobError");
  } catch (const BlobError& e) {
    std::string m = e.what();
    CHECK_THAT(m, Catch::Contains("account 'broken01' at " + server.endpoint()));
    CHECK_THAT(m, Catch::Contains("malformed XML in the Get Blob Service Properties response"));
    CHECK_THAT(m, Catch::Contains("line 1"));
  }

  GarbageServer html("<html><body>Sign in to the proxy</body></html>");
  BlobClient second(AccountConnection{"broken01", html.endpoint(), kKey, 5, ""});
  CHECK_THROWS_WITH(storage::live::readAccount(second, kId), Catch::Contains("root is <html>"));
}

TEST_CASE("endpoints that are not http(s) URLs are refused", "[storage][live]") {
  CHECK_THROWS_WITH(BlobClient(AccountConnection{"a01", "ftp://x/", kKey, 5, ""}),
                    Catch::Contains("http:// or https://"));
  CHECK_THROWS_WITH(
      BlobClient(AccountConnection{"a01", "https://a01.blob.core.windows.net/?sv=1", kKey, 5, ""}),
      Catch::Contains("must not carry a query"));
  // TLS to a port that speaks no TLS fails cleanly.
  int port = test::freeLoopbackPort();
  BlobClient tls(
      AccountConnection{"a01", "https://127.0.0.1:" + std::to_string(port), kKey, 5, ""});
  CHECK_THROWS_AS(tls.send("GET", "", {{"comp", "list"}}), BlobError);
}
