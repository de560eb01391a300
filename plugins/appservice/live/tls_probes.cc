#include "live/tls_probes.h"

#include <arpa/inet.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include <ctime>
#include <memory>

#include "live/connection.h"

namespace bulwark::appservice::live {
namespace {

using sdk::Json;

// Everything a permissive client can offer: the legacy versions and suites included.
constexpr const char* kAnyCipher = "ALL:COMPLEMENTOFALL:@SECLEVEL=0";

Clock::time_point deadlineOf(const EndpointSetting& e) {
  return Clock::now() + std::chrono::seconds(e.timeoutSeconds);
}

std::string isoTime(const ASN1_TIME* t) {
  std::tm tm{};
  if (t == nullptr || ASN1_TIME_to_tm(t, &tm) != 1) return {};
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

std::string nameText(X509_NAME* n) {
  char text[512];
  X509_NAME_oneline(n, text, sizeof text);
  return text;
}

bool isIp(const std::string& host) {
  unsigned char buffer[sizeof(in6_addr)];
  return ::inet_pton(AF_INET, host.c_str(), buffer) == 1 ||
         ::inet_pton(AF_INET6, host.c_str(), buffer) == 1;
}

// Verifies the chain the server sent against the system store or `caFile`. Validity dates are
// not checked here: the expiry check reports them, so an expired certificate is one finding.
Json verifyChain(X509* leaf, STACK_OF(X509) * chain, const EndpointSetting& e) {
  std::unique_ptr<X509_STORE, decltype(&X509_STORE_free)> store(X509_STORE_new(), X509_STORE_free);
  bool loaded = e.caFile.empty() ? X509_STORE_set_default_paths(store.get()) == 1
                                 : X509_STORE_load_file(store.get(), e.caFile.c_str()) == 1;
  if (!loaded)
    return {{"chainVerified", nullptr},
            {"verifyError",
             "cannot load the trusted CAs " +
                 (e.caFile.empty() ? std::string("of the system store") : "from " + e.caFile) +
                 ": " + openSslError()}};
  std::unique_ptr<X509_STORE_CTX, decltype(&X509_STORE_CTX_free)> ctx(X509_STORE_CTX_new(),
                                                                      X509_STORE_CTX_free);
  X509_STORE_CTX_init(ctx.get(), store.get(), leaf, chain);
  X509_STORE_CTX_set_flags(ctx.get(), X509_V_FLAG_NO_CHECK_TIME);
  bool ok = X509_verify_cert(ctx.get()) == 1;
  int error = X509_STORE_CTX_get_error(ctx.get());
  return {{"chainVerified", ok}, {"verifyError", ok ? "" : X509_verify_cert_error_string(error)}};
}

Json certificateFacts(SSL* ssl, const EndpointSetting& e) {
  X509* leaf = SSL_get0_peer_certificate(ssl);
  if (leaf == nullptr) return nullptr;
  Json cert = {{"subject", nameText(X509_get_subject_name(leaf))},
               {"issuer", nameText(X509_get_issuer_name(leaf))},
               {"notBefore", isoTime(X509_get0_notBefore(leaf))},
               {"notAfter", isoTime(X509_get0_notAfter(leaf))},
               {"selfSigned", X509_check_issued(leaf, leaf) == X509_V_OK},
               {"name", e.serverName}};
  cert.update(verifyChain(leaf, SSL_get_peer_cert_chain(ssl), e));
  int match = isIp(e.serverName)
                  ? X509_check_ip_asc(leaf, e.serverName.c_str(), 0)
                  : X509_check_host(leaf, e.serverName.c_str(), e.serverName.size(), 0, nullptr);
  cert["hostnameMatches"] = match == 1;
  return cert;
}

// Whether the endpoint completes a handshake with `ctx`; ConnectionError when not reached.
bool accepts(const EndpointSetting& e, SSL_CTX* ctx, std::string* negotiated = nullptr) {
  Connection c(e.target.host, e.target.port, deadlineOf(e));
  try {
    c.handshake(ctx, e.serverName);
  } catch (const HandshakeRefused&) {
    return false;
  }
  if (negotiated != nullptr) *negotiated = SSL_get_cipher_name(c.ssl());
  return true;
}

Json protocols(const EndpointSetting& e) {
  struct Version {
    const char* name;
    int version;
  };
  const Version versions[] = {{"TLSv1", TLS1_VERSION},
                              {"TLSv1.1", TLS1_1_VERSION},
                              {"TLSv1.2", TLS1_2_VERSION},
                              {"TLSv1.3", TLS1_3_VERSION}};
  Json out = Json::object();
  for (const auto& v : versions) {
    SslContext ctx = probeContext(v.version, v.version, kAnyCipher, true);
    try {
      out[v.name] = accepts(e, ctx.get());
    } catch (const ClientCannotOffer& x) {
      out[v.name] = nullptr;  // this library cannot speak it: not measured
      out["untested"][v.name] = x.what();
    }
  }
  return out;
}

Json weakCiphers(const EndpointSetting& e) {
  Json out = Json::object();
  for (const auto& family : kWeakCipherFamilies) {
    SslContext ctx;
    try {
      ctx = probeContext(TLS1_VERSION, TLS1_2_VERSION, family.ciphers, true);
    } catch (const std::exception&) {
      out[family.name] = {{"untested", "this OpenSSL has no such cipher suite"}};
      continue;
    }
    std::string negotiated;
    try {
      bool ok = accepts(e, ctx.get(), &negotiated);
      out[family.name] =
          ok ? Json{{"accepted", true}, {"cipher", negotiated}} : Json{{"accepted", false}};
    } catch (const ClientCannotOffer& x) {
      out[family.name] = {{"untested", x.what()}};
    }
  }
  return out;
}

}  // namespace

sdk::Json probeTls(const EndpointSetting& e) {
  SslContext any = probeContext(TLS1_VERSION, 0, kAnyCipher, true);
  Connection c(e.target.host, e.target.port, deadlineOf(e));
  c.handshake(any.get(), e.serverName);
  Json facts;
  facts["negotiated"] = {{"protocol", SSL_get_version(c.ssl())},
                         {"cipher", SSL_get_cipher_name(c.ssl())}};
  facts["certificate"] = certificateFacts(c.ssl(), e);
  facts["protocols"] = protocols(e);
  facts["weakCiphers"] = weakCiphers(e);
  return facts;
}

}  // namespace bulwark::appservice::live
