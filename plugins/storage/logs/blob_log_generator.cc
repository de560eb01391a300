#include "logs/blob_log_generator.h"

#include <bulwark/sdk/text.hpp>

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <ctime>
#include <numeric>
#include <stdexcept>

namespace bulwark::storage::logs {
namespace {

using nlohmann::json;

// SplitMix64: tiny, fast and identical on every platform.
class Random {
 public:
  explicit Random(uint64_t seed) : state_(seed) {}
  uint64_t next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  uint64_t below(uint64_t n) { return n == 0 ? 0 : next() % n; }
  int64_t between(int64_t lo, int64_t hi) {  // inclusive
    return lo + static_cast<int64_t>(below(static_cast<uint64_t>(hi - lo + 1)));
  }
  bool chance(unsigned percent) { return below(100) < percent; }
  std::string guid() {
    uint64_t a = next(), b = next();
    char out[40];
    std::snprintf(out, sizeof out, "%08x-%04x-4%03x-%04x-%012llx", static_cast<unsigned>(a >> 32),
                  static_cast<unsigned>((a >> 16) & 0xffff), static_cast<unsigned>(a & 0xfff),
                  static_cast<unsigned>(0x8000 | ((b >> 48) & 0x3fff)),
                  static_cast<unsigned long long>(b & 0xffffffffffffull));
    return out;
  }

 private:
  uint64_t state_;
};

std::string isoTime(int64_t millis) {
  std::time_t seconds = static_cast<std::time_t>(millis / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char out[96];
  std::snprintf(out, sizeof out, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(millis % 1000));
  return out;
}

std::string digest(const std::string& data, const EVP_MD* md, bool base64) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> out{};
  unsigned int length = 0;
  EVP_Digest(data.data(), data.size(), out.data(), &length, md, nullptr);
  if (base64) {
    std::array<unsigned char, 2 * EVP_MAX_MD_SIZE> text{};
    int n = EVP_EncodeBlock(text.data(), out.data(), static_cast<int>(length));
    return std::string(reinterpret_cast<char*>(text.data()), static_cast<size_t>(n));
  }
  std::string hex;
  char byte[3];
  for (unsigned int i = 0; i < length; ++i) {
    std::snprintf(byte, sizeof byte, "%02x", out[i]);
    hex += byte;
  }
  return hex;
}

struct Request {
  std::string operation;
  std::string auth = "OAuth";  // OAuth, AccountKey, SAS, Anonymous
  int status = 200;
  std::string statusText = "Success";
  std::string ip;
  std::string container;
  std::string blob;  // empty for container and account operations
  int64_t requestBody = 0;
  int64_t responseBody = 0;
  std::string requestMd5;
  std::string userAgent = "azsdk-net-Storage.Blobs/12.19.1 (.NET 8.0.4; Ubuntu 22.04.4 LTS)";
  std::string requester;  // OAuth object id
};

const char* categoryOf(const std::string& op) {
  if (op == "DeleteBlob" || op == "DeleteContainer") return "StorageDelete";
  if (op == "PutBlob" || op == "PutBlock" || op == "PutBlockList" || op == "SetContainerACL" ||
      op == "CreateContainer")
    return "StorageWrite";
  return "StorageRead";
}

class Builder {
 public:
  Builder(const GeneratorOptions& o, Random& rng) : o_(o), rng_(rng) {}

  json record(int64_t millis, const Request& r) {
    std::string path = "/" + r.container + (r.blob.empty() ? "" : "/" + r.blob);
    std::string query;
    if (r.operation == "ListBlobs")
      query = "?restype=container&comp=list";
    else if (r.operation == "ListContainers")
      query = "?comp=list";
    else if (r.operation == "GetContainerProperties" || r.operation == "CreateContainer")
      query = "?restype=container";
    else if (r.operation == "SetContainerACL")
      query = "?restype=container&comp=acl";
    if (r.operation == "ListContainers") path = "/";
    if (r.auth == "SAS") {
      query += std::string(query.empty() ? "?" : "&") +
               "sv=2021-12-02&ss=b&srt=co&sp=rl&se=2026-12-31T00:00:00Z&sig=XXXXX";
    }
    int duration = static_cast<int>(rng_.between(2, 40) + r.responseBody / 4000000);
    json j = {{"TimeGenerated", isoTime(millis)},
              {"AccountName", o_.accountName},
              {"Location", o_.location},
              {"Protocol", "HTTPS"},
              {"OperationName", r.operation},
              {"AuthenticationType", r.auth},
              {"StatusCode", std::to_string(r.status)},
              {"StatusText", r.statusText},
              {"DurationMs", duration},
              {"ServerLatencyMs", std::max(1, duration - static_cast<int>(rng_.between(0, 2)))},
              {"Uri", "https://" + o_.accountName + ".blob.core.windows.net:443" + path + query},
              {"CallerIpAddress", r.ip + ":" + std::to_string(rng_.between(1024, 65535))},
              {"CorrelationId", rng_.guid()},
              {"SchemaVersion", "1.0"},
              {"OperationVersion", "2021-12-02"},
              {"AuthenticationHash", ""},
              {"RequesterObjectId", ""},
              {"RequesterTenantId", ""},
              {"RequesterAppId", ""},
              {"RequesterUpn", ""},
              {"UserAgentHeader", r.userAgent},
              {"ClientRequestId", rng_.guid()},
              {"ServiceType", "blob"},
              {"OperationCount", 1},
              {"ObjectKey", "/" + o_.accountName + path},
              {"RequestHeaderSize", rng_.between(300, 900)},
              {"RequestBodySize", r.requestBody},
              {"ResponseHeaderSize", rng_.between(200, 600)},
              {"ResponseBodySize", r.responseBody},
              {"RequestMd5", r.requestMd5},
              {"Category", categoryOf(r.operation)},
              {"TlsVersion", "TLS 1.2"},
              {"SasExpiryStatus", ""},
              {"MetricResponseType", r.status < 400 ? "Success" : "ClientOtherError"},
              {"Type", "StorageBlobLogs"},
              {"_ResourceId", sdk::lower(o_.resourceId)},
              {"SourceSystem", "Azure"}};
    if (r.auth == "OAuth") {
      j["RequesterObjectId"] = r.requester;
      j["RequesterTenantId"] = "8d1c4f2b-3a6e-4b9d-a7c5-1e0f9b2d6a48";
      j["RequesterAppId"] = "3e9f1a52-7c4d-4b8e-9a61-2f0d5c8b7e13";
    } else if (r.auth == "AccountKey") {
      j["AuthenticationHash"] = "key1(9A3F6B0C52E1D7A4)";
    } else if (r.auth == "SAS") {
      j["AuthenticationHash"] = "key1(9A3F6B0C52E1D7A4),SasSignature(5D0E6C7B8A9F1E2D)";
      j["SasExpiryStatus"] = "";
    }
    return j;
  }

 private:
  const GeneratorOptions& o_;
  Random& rng_;
};

struct Pending {
  int64_t millis;
  size_t sequence;
  int attack;  // index into the attacks, or -1 for ordinary traffic
  json record;
};

}  // namespace

const char* attackName(AttackKind kind) {
  switch (kind) {
    case AttackKind::AnonymousAccess:
      return "anonymous-access";
    case AttackKind::TorExitAccess:
      return "tor-exit-access";
    case AttackKind::ContainerMadePublic:
      return "container-made-public";
    case AttackKind::MassDeletion:
      return "mass-deletion";
    case AttackKind::MassExtraction:
      return "mass-extraction";
    case AttackKind::SasFromNewAddress:
      return "sas-from-new-address";
    case AttackKind::MalwareUpload:
      return "malware-upload";
    case AttackKind::ContainerEnumeration:
      return "container-enumeration";
  }
  return "unknown";
}

GeneratedLogs generateBlobLogs(const GeneratorOptions& o, const std::vector<AttackSpec>& specs) {
  if (o.containers.empty() || o.clientIps.empty() || o.durationSeconds <= 0)
    throw std::invalid_argument("the generator needs containers, client addresses and a window");
  Random rng(o.seed);
  Builder builder(o, rng);
  std::vector<Pending> pending;
  const int64_t start = o.startUnixSeconds * 1000;
  const int64_t end = (o.startUnixSeconds + o.durationSeconds) * 1000;
  auto add = [&](int64_t millis, int attack, const Request& r) {
    pending.push_back({millis, pending.size(), attack, builder.record(millis, r)});
  };
  std::vector<std::string> identities;
  for (int i = 0; i < 3; ++i)
    identities.push_back(rng.guid());

  for (size_t i = 0; i < o.cleanRecords; ++i) {
    Request r;
    uint64_t roll = rng.below(100);
    r.operation = roll < 55   ? "GetBlob"
                  : roll < 70 ? "PutBlob"
                  : roll < 80 ? "ListBlobs"
                  : roll < 95 ? "GetBlobProperties"
                  : roll < 98 ? "DeleteBlob"
                              : "GetContainerProperties";
    uint64_t auth = rng.below(100);
    r.auth = auth < 60 ? "OAuth" : auth < 90 ? "AccountKey" : "SAS";
    r.requester = identities[rng.below(identities.size())];
    r.ip = o.clientIps[rng.below(o.clientIps.size())];
    r.container = o.containers[rng.below(o.containers.size())];
    if (r.operation != "ListBlobs" && r.operation != "GetContainerProperties")
      r.blob = "data/file-" + std::to_string(rng.below(500)) + ".bin";
    if (r.operation == "GetBlob") {
      r.responseBody = rng.between(1000, 2000000);
      if (rng.chance(5)) {
        r.status = 404;
        r.statusText = "BlobNotFound";
        r.responseBody = 215;
      }
    } else if (r.operation == "PutBlob") {
      r.status = 201;
      r.requestBody = rng.between(1000, 2000000);
    } else if (r.operation == "DeleteBlob") {
      r.status = 202;
    } else if (r.operation == "ListBlobs") {
      r.responseBody = rng.between(500, 20000);
    }
    add(rng.between(start, end - 1), -1, r);
  }

  GeneratedLogs out;
  for (size_t a = 0; a < specs.size(); ++a) {
    const AttackSpec& spec = specs[a];
    if (spec.atUnixSeconds < o.startUnixSeconds ||
        spec.atUnixSeconds >= o.startUnixSeconds + o.durationSeconds) {
      throw std::invalid_argument(std::string(attackName(spec.kind)) +
                                  " starts outside the generated window");
    }
    InjectedAttack truth{
        spec.kind, spec.callerIp, o.containers[rng.below(o.containers.size())], "", {}};
    if (truth.callerIp.empty()) {
      truth.callerIp = spec.kind == AttackKind::TorExitAccess
                           ? o.torExitIp
                           : "203.0.113." + std::to_string(rng.between(1, 254));
    }
    int64_t t = spec.atUnixSeconds * 1000;
    auto step = [&](int64_t maxGapMs) { return t += rng.between(50, maxGapMs); };
    auto count = [&](size_t typical) { return spec.requests == 0 ? typical : spec.requests; };
    int tag = static_cast<int>(a);
    Request r;
    r.ip = truth.callerIp;
    r.container = truth.container;
    r.userAgent = "python-requests/2.31.0";
    switch (spec.kind) {
      case AttackKind::AnonymousAccess:
      case AttackKind::ContainerMadePublic:
        if (spec.kind == AttackKind::ContainerMadePublic) {
          Request acl = r;
          acl.operation = "SetContainerACL";
          acl.auth = "AccountKey";
          acl.ip = o.clientIps[0];
          acl.userAgent = "Azure-Storage-Explorer/1.33.0";
          add(t, tag, acl);
          step(600000);
        }
        r.auth = "Anonymous";
        r.operation = "ListBlobs";
        add(step(5000), tag, r);
        for (size_t i = 0; i < count(20); ++i) {
          r.operation = "GetBlob";
          r.blob = "data/file-" + std::to_string(rng.below(500)) + ".bin";
          r.responseBody = rng.between(1000, 2000000);
          add(step(15000), tag, r);
        }
        break;
      case AttackKind::TorExitAccess:
      case AttackKind::SasFromNewAddress:
        r.auth = spec.kind == AttackKind::SasFromNewAddress ? "SAS" : "OAuth";
        r.requester = identities[0];
        for (size_t i = 0; i < count(spec.kind == AttackKind::SasFromNewAddress ? 5 : 10); ++i) {
          r.operation = "GetBlob";
          r.blob = "data/file-" + std::to_string(rng.below(500)) + ".bin";
          r.responseBody = rng.between(1000, 2000000);
          add(step(20000), tag, r);
        }
        break;
      case AttackKind::MassDeletion:
        r.auth = "OAuth";
        r.requester = identities[1];
        r.operation = "DeleteBlob";
        r.status = 202;
        for (size_t i = 0; i < count(300); ++i) {
          r.blob = "data/file-" + std::to_string(i) + ".bin";
          add(step(2000), tag, r);
        }
        break;
      case AttackKind::MassExtraction:
        r.auth = "AccountKey";
        r.operation = "GetBlob";
        for (size_t i = 0; i < count(400); ++i) {
          r.blob = "data/file-" + std::to_string(i) + ".bin";
          r.responseBody = rng.between(50000000, 200000000);
          add(step(3000), tag, r);
        }
        break;
      case AttackKind::MalwareUpload:
        r.auth = "SAS";
        r.operation = "PutBlob";
        r.status = 201;
        r.blob = "uploads/invoice-2026-01.pdf.exe";
        r.requestBody = static_cast<int64_t>(o.malwareContent.size());
        r.requestMd5 = digest(o.malwareContent, EVP_md5(), true);
        truth.sha256 = digest(o.malwareContent, EVP_sha256(), false);
        add(t, tag, r);
        break;
      case AttackKind::ContainerEnumeration:
        r.auth = "Anonymous";
        r.operation = "ListContainers";
        r.status = 403;
        r.statusText = "AuthorizationFailure";
        r.container.clear();
        add(t, tag, r);
        for (size_t i = 0; i < count(60); ++i) {
          r.operation = "GetContainerProperties";
          bool exists = rng.chance(10);
          r.container = exists ? o.containers[rng.below(o.containers.size())]
                               : "guess-" + std::to_string(rng.below(100000));
          r.status = exists ? 200 : 404;
          r.statusText = exists ? "Success" : "ContainerNotFound";
          add(step(2000), tag, r);
        }
        break;
    }
    out.attacks.push_back(std::move(truth));
  }

  std::sort(pending.begin(), pending.end(), [](const Pending& a, const Pending& b) {
    return a.millis != b.millis ? a.millis < b.millis : a.sequence < b.sequence;
  });
  out.records.reserve(pending.size());
  for (auto& p : pending) {
    if (p.attack >= 0)
      out.attacks[static_cast<size_t>(p.attack)].recordIndexes.push_back(out.records.size());
    out.records.push_back(std::move(p.record));
  }
  return out;
}

std::string toJsonLines(const GeneratedLogs& logs) {
  std::string out;
  for (const auto& r : logs.records)
    out += r.dump() + "\n";
  return out;
}

}  // namespace bulwark::storage::logs
