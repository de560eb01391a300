#include "live/tls_checks.h"

#include <stdexcept>

namespace bulwark::appservice::live {
namespace {

using sdk::Json;
using sdk::Verdict;

const Json& part(const Json& facts, const char* name) {
  const Json* p = sdk::at(facts, name);
  if (p == nullptr || !p->is_object())
    throw std::runtime_error(std::string(name) + " was not measured on " +
                             sdk::textAt(facts, "url"));
  return *p;
}

// true / false / nullopt (not measured) for one protocol version.
std::optional<bool> accepted(const Json& facts, const char* version) {
  const Json& protocols = part(facts, "protocols");  // version names hold dots
  auto v = protocols.find(version);
  if (v == protocols.end() || !v->is_boolean()) return std::nullopt;
  return v->get<bool>();
}

// Why the probe of `version` measured nothing (version names hold dots: no dotted lookup).
std::string whyUntested(const Json& facts, const char* version) {
  const Json* untested = sdk::at(part(facts, "protocols"), "untested");
  if (untested == nullptr || !untested->is_object() || !untested->contains(version))
    return "unknown";
  return (*untested)[version].is_string() ? (*untested)[version].get<std::string>() : "unknown";
}

Verdict legacyProtocols(const Json& f) {
  std::string found, unmeasuredVersions;
  for (const char* v : {"TLSv1", "TLSv1.1"}) {
    auto a = accepted(f, v);
    if (!a) unmeasuredVersions += (unmeasuredVersions.empty() ? "" : ", ") + std::string(v);
    if (a.value_or(false)) found += (found.empty() ? "" : ", ") + std::string(v);
  }
  std::string url = sdk::textAt(f, "url");
  if (!found.empty())
    return Verdict::unhealthy(url + " accepts " + found, {{"protocols", part(f, "protocols")}});
  if (unmeasuredVersions == "TLSv1, TLSv1.1")
    return Verdict::notApplicable("TLS 1.0 and 1.1 were not probed: " + whyUntested(f, "TLSv1"));
  return Verdict::healthy(
      url + " refuses TLS 1.0 and 1.1" +
      (unmeasuredVersions.empty() ? "" : " (" + unmeasuredVersions + " not probed)"));
}

Verdict tls13(const Json& f) {
  auto a = accepted(f, "TLSv1.3");
  if (!a) return Verdict::notApplicable("TLS 1.3 was not probed: " + whyUntested(f, "TLSv1.3"));
  std::string url = sdk::textAt(f, "url");
  return *a ? Verdict::healthy(url + " accepts TLS 1.3")
            : Verdict::unhealthy(url + " does not accept TLS 1.3",
                                 {{"protocols", part(f, "protocols")}});
}

Verdict weakCiphers(const Json& f) {
  const Json& families = part(f, "weakCiphers");
  Json found = Json::object();
  std::string names, untested;
  size_t measured = 0;
  for (const auto& [family, result] : families.items()) {
    if (result.contains("untested")) {
      untested += (untested.empty() ? "" : ", ") + family;
      continue;
    }
    ++measured;
    if (result.value("accepted", false)) {
      found[family] = result.value("cipher", "");
      names += (names.empty() ? "" : ", ") + family + " (" + result.value("cipher", "") + ")";
    }
  }
  std::string url = sdk::textAt(f, "url");
  if (!names.empty())
    return Verdict::unhealthy(url + " accepts weak cipher suites: " + names, {{"accepted", found}});
  if (measured == 0) return Verdict::notApplicable("no weak cipher family could be offered");
  return Verdict::healthy(
      url + " refuses the weak cipher suites probed" +
      (untested.empty() ? "" : " (not offered by this OpenSSL: " + untested + ")"));
}

const Json& certificate(const Json& f) {
  const Json* c = sdk::at(f, "certificate");
  if (c == nullptr || !c->is_object())
    throw std::runtime_error(sdk::textAt(f, "url") + " presented no certificate");
  return *c;
}

Verdict chainTrusted(const Json& f) {
  const Json& c = certificate(f);
  const Json* ok = sdk::at(c, "chainVerified");
  std::string url = sdk::textAt(f, "url"), subject = sdk::textAt(c, "subject");
  if (ok == nullptr || !ok->is_boolean())
    throw std::runtime_error(url + ": " + sdk::textAt(c, "verifyError"));
  if (ok->get<bool>()) return Verdict::healthy(subject + " issued by " + sdk::textAt(c, "issuer"));
  std::string why = sdk::textAt(c, "verifyError");
  const Json* self = sdk::at(c, "selfSigned");
  if (self != nullptr && self->is_boolean() && self->get<bool>()) why += " (self-signed)";
  return Verdict::unhealthy(
      "the certificate of " + url + " (" + subject + ") does not verify: " + why,
      {{"subject", subject}, {"issuer", sdk::textAt(c, "issuer")}});
}

Verdict hostname(const Json& f) {
  const Json& c = certificate(f);
  const Json* ok = sdk::at(c, "hostnameMatches");
  if (ok == nullptr || !ok->is_boolean()) throw std::runtime_error("hostnameMatches missing");
  std::string name = sdk::textAt(c, "name"), subject = sdk::textAt(c, "subject");
  return ok->get<bool>() ? Verdict::healthy(subject + " is valid for " + name)
                         : Verdict::unhealthy("the certificate of " + sdk::textAt(f, "url") + " (" +
                                              subject + ") is not valid for " + name);
}

Verdict expiry(const Json& f) {
  const Json& c = certificate(f);
  std::string notAfter = sdk::textAt(c, "notAfter");
  auto expires = sdk::parseIsoTime(notAfter);
  if (!expires) throw std::runtime_error("certificate notAfter '" + notAfter + "'");
  auto now = sdk::parseIsoTime(sdk::utcNowIso8601());
  int64_t days = (*expires - now.value_or(0)) / 86400;
  const Json* warn = sdk::at(f, "expiryWarningDays");
  int64_t within = warn != nullptr && warn->is_number_integer() ? warn->get<int64_t>() : 30;
  std::string shown = sdk::textAt(c, "subject") + " valid until " + notAfter;
  if (*expires <= now.value_or(0)) return Verdict::unhealthy(shown + " (expired)");
  if (days < within)
    return Verdict::unhealthy(shown + " (" + std::to_string(days) + " days left, under " +
                              std::to_string(within) + ")");
  return Verdict::healthy(shown);  // no day count: the reason would change daily
}

}  // namespace

std::vector<LiveCheck> tlsChecks() {
  return {
      {"appservice.live-tls-legacy-protocols", "Web endpoints should not accept TLS 1.0 or TLS 1.1",
       sdk::Severity::High, "Encrypt data in transit",
       "Allow TLS 1.2 and 1.3 only on the server or load balancer terminating TLS.",
       "nginx: ssl_protocols TLSv1.2 TLSv1.3;  Apache: SSLProtocol -all +TLSv1.2 +TLSv1.3;  "
       "App Service: az webapp config set --min-tls-version 1.2 --ids {id}",
       legacyProtocols},
      {"appservice.live-tls-13", "Web endpoints should accept TLS 1.3", sdk::Severity::Low,
       "Encrypt data in transit",
       "Enable TLS 1.3 (OpenSSL 1.1.1 or later) beside TLS 1.2 on the server terminating TLS.",
       "nginx: ssl_protocols TLSv1.2 TLSv1.3;  App Service: az webapp config set "
       "--min-tls-version 1.3 --ids {id}",
       tls13},
      {"appservice.live-tls-weak-ciphers",
       "Web endpoints should not accept weak TLS cipher suites (RC4, 3DES, NULL, EXPORT, "
       "anonymous, CBC with SHA-1)",
       sdk::Severity::High, "Encrypt data in transit",
       "Allow only AEAD suites with forward secrecy (ECDHE with AES-GCM or ChaCha20-Poly1305) "
       "for TLS 1.2.",
       "nginx: ssl_ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
       "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:"
       "ECDHE-RSA-CHACHA20-POLY1305;",
       weakCiphers},
      {"appservice.live-certificate-trusted",
       "Web endpoints' TLS certificate should chain to a trusted certificate authority",
       sdk::Severity::High, "Encrypt data in transit",
       "Serve a certificate issued by a trusted CA with its intermediate certificates (the full "
       "chain), not a self-signed one.",
       "nginx: ssl_certificate /etc/ssl/fullchain.pem;  (leaf followed by intermediates)",
       chainTrusted},
      {"appservice.live-certificate-hostname",
       "Web endpoints' TLS certificate should be valid for the endpoint's name",
       sdk::Severity::High, "Encrypt data in transit",
       "Serve a certificate whose subject alternative names include the name clients use.",
       "openssl x509 -noout -ext subjectAltName -in <certificate>  # then reissue with the name",
       hostname},
      {"appservice.live-certificate-expiry",
       "Web endpoints' TLS certificate should not be expired or expire soon", sdk::Severity::Medium,
       "Encrypt data in transit",
       "Renew the certificate before it expires (automate it: ACME, App Service managed "
       "certificates, Key Vault auto-renewal) and reload the server.",
       "openssl x509 -noout -enddate -in <certificate>  # renew, then: nginx -s reload", expiry},
  };
}

}  // namespace bulwark::appservice::live
