#include "live/header_checks.h"

#include <regex>
#include <stdexcept>

namespace bulwark::appservice::live {
namespace {

using sdk::Json;
using sdk::Verdict;

// The response's header values named `name` (any case); throws when it was not read.
std::vector<std::string> header(const Json& f, const std::string& name) {
  if (auto v = unmeasured(f, "response")) throw std::runtime_error(v->reason);
  std::vector<std::string> out;
  for (const Json* h : sdk::arrayAt(f, "response.headers"))
    if (h->is_array() && h->size() == 2 && sdk::iequals((*h)[0].get<std::string>(), name))
      out.push_back((*h)[1].get<std::string>());
  return out;
}

std::string url(const Json& f) {
  return sdk::textAt(f, "url");
}

// Healthy when the header is present with a non-empty value accepted by `good`.
Verdict required(const Json& f, const std::string& name,
                 const std::function<bool(const std::string&)>& good = nullptr) {
  auto values = header(f, name);
  if (values.empty() || values.front().empty())
    return Verdict::unhealthy(url(f) + " sends no " + name + " header");
  if (good && !good(values.front()))
    return Verdict::unhealthy(url(f) + " sends " + name + ": " + values.front(),
                              {{name, values.front()}});
  return Verdict::healthy(name + ": " + values.front());
}

Verdict hsts(const Json& f) {
  auto values = header(f, "Strict-Transport-Security");
  if (values.empty())
    return Verdict::unhealthy(url(f) + " sends no Strict-Transport-Security header");
  std::smatch m;
  static const std::regex maxAge("max-age\\s*=\\s*\"?([0-9]+)", std::regex::icase);
  if (!std::regex_search(values.front(), m, maxAge))
    return Verdict::unhealthy("Strict-Transport-Security without max-age: " + values.front());
  long long age = std::stoll(m[1].str().substr(0, 12));
  if (age < kHstsMinimumMaxAge)
    return Verdict::unhealthy("Strict-Transport-Security max-age=" + std::to_string(age) +
                                  " is under one year (" + std::to_string(kHstsMinimumMaxAge) + ")",
                              {{"Strict-Transport-Security", values.front()}});
  return Verdict::healthy("Strict-Transport-Security: " + values.front());
}

Verdict framing(const Json& f) {
  auto xfo = header(f, "X-Frame-Options");
  if (!xfo.empty() &&
      (sdk::iequals(xfo.front(), "DENY") || sdk::iequals(xfo.front(), "SAMEORIGIN")))
    return Verdict::healthy("X-Frame-Options: " + xfo.front());
  for (const auto& csp : header(f, "Content-Security-Policy"))
    if (sdk::lower(csp).find("frame-ancestors") != std::string::npos)
      return Verdict::healthy("Content-Security-Policy sets frame-ancestors");
  return Verdict::unhealthy(url(f) +
                            " sends neither X-Frame-Options (DENY or SAMEORIGIN) nor a "
                            "Content-Security-Policy frame-ancestors directive");
}

Verdict cookies(const Json& f) {
  auto values = header(f, "Set-Cookie");
  if (values.empty()) return Verdict::notApplicable(url(f) + " sets no cookie");
  Json bad = Json::array();
  std::string shown;
  for (const auto& cookie : values) {
    std::string name = cookie.substr(0, cookie.find('='));
    std::string attributes = sdk::lower(
        cookie.substr(cookie.find(';') == std::string::npos ? cookie.size() : cookie.find(';')));
    std::vector<std::string> missing;
    static const std::regex secure(";\\s*secure\\s*(;|$)"), httpOnly(";\\s*httponly\\s*(;|$)"),
        sameSite(";\\s*samesite\\s*=");
    if (!std::regex_search(attributes, secure)) missing.push_back("Secure");
    if (!std::regex_search(attributes, httpOnly)) missing.push_back("HttpOnly");
    if (!std::regex_search(attributes, sameSite)) missing.push_back("SameSite");
    if (missing.empty()) continue;
    std::string list;
    for (const auto& m : missing)
      list += (list.empty() ? "" : ", ") + m;
    bad.push_back({{"cookie", name}, {"missing", missing}});  // never the cookie's value
    shown += (shown.empty() ? "" : "; ") + name + " without " + list;
  }
  if (bad.empty())
    return Verdict::healthy(std::to_string(values.size()) +
                            " cookie(s), all Secure, HttpOnly and SameSite");
  return Verdict::unhealthy(url(f) + " sets " + shown, {{"cookies", bad}});
}

Verdict banners(const Json& f) {
  static const std::regex version("[0-9]+\\.[0-9]+");
  Json found = Json::object();
  std::string shown;
  for (const char* name : {"Server", "X-Powered-By", "X-AspNet-Version", "X-AspNetMvc-Version"}) {
    for (const auto& v : header(f, name)) {
      if (!std::regex_search(v, version)) continue;
      found[name] = v;
      shown += (shown.empty() ? "" : ", ") + std::string(name) + ": " + v;
    }
  }
  if (!found.empty())
    return Verdict::unhealthy(url(f) + " announces its software version: " + shown,
                              {{"headers", found}});
  return Verdict::healthy("no version number in Server, X-Powered-By or X-AspNet-Version");
}

Verdict redirect(const Json& f) {
  const Json* r = sdk::at(f, "redirect");
  if (r == nullptr || r->is_null())
    return Verdict::notApplicable(
        "no plain http side to ask: set http_url (only a url on port 443 implies port 80)");
  if (auto v = unmeasured(f, "redirect")) return *v;
  int status = r->value("status", 0);
  std::string location = r->value("location", ""), from = r->value("url", "");
  bool permanent = status == 301 || status == 302 || status == 307 || status == 308;
  if (permanent && sdk::lower(location).rfind("https://", 0) == 0)
    return Verdict::healthy(from + " answers " + std::to_string(status) + " to " + location);
  return Verdict::unhealthy(from + " answers " + std::to_string(status) +
                                (location.empty() ? " without a redirect" : " to " + location) +
                                " instead of HTTPS",
                            {{"status", status}, {"location", location}});
}

}  // namespace

std::vector<LiveCheck> headerChecks() {
  return {
      {"appservice.live-hsts",
       "Web endpoints should send Strict-Transport-Security with a max-age of at least one year",
       sdk::Severity::Medium, "Encrypt data in transit",
       "Send Strict-Transport-Security: max-age=31536000; includeSubDomains on every HTTPS "
       "response.",
       "nginx: add_header Strict-Transport-Security \"max-age=31536000; includeSubDomains\" "
       "always;",
       hsts},
      {"appservice.live-content-security-policy",
       "Web endpoints should send a Content-Security-Policy header", sdk::Severity::Medium,
       "Remediate security configurations",
       "Send a Content-Security-Policy that lists the sources pages may load (start from "
       "default-src 'self').",
       "nginx: add_header Content-Security-Policy \"default-src 'self'; frame-ancestors 'none'\" "
       "always;",
       [](const Json& f) { return required(f, "Content-Security-Policy"); }},
      {"appservice.live-content-type-options",
       "Web endpoints should send X-Content-Type-Options: nosniff", sdk::Severity::Low,
       "Remediate security configurations",
       "Send X-Content-Type-Options: nosniff so browsers do not guess content types.",
       "nginx: add_header X-Content-Type-Options nosniff always;",
       [](const Json& f) {
         return required(f, "X-Content-Type-Options",
                         [](const std::string& v) { return sdk::iequals(v, "nosniff"); });
       }},
      {"appservice.live-frame-options",
       "Web endpoints should forbid framing by other sites (X-Frame-Options or CSP "
       "frame-ancestors)",
       sdk::Severity::Medium, "Remediate security configurations",
       "Send X-Frame-Options: DENY (or SAMEORIGIN), or a Content-Security-Policy with "
       "frame-ancestors, against clickjacking.",
       "nginx: add_header X-Frame-Options DENY always;", framing},
      {"appservice.live-referrer-policy", "Web endpoints should send a Referrer-Policy header",
       sdk::Severity::Low, "Remediate security configurations",
       "Send Referrer-Policy: strict-origin-when-cross-origin (or no-referrer).",
       "nginx: add_header Referrer-Policy strict-origin-when-cross-origin always;",
       [](const Json& f) {
         return required(f, "Referrer-Policy", [](const std::string& v) {
           return !sdk::iequals(v, "unsafe-url") && !sdk::iequals(v, "no-referrer-when-downgrade");
         });
       }},
      {"appservice.live-permissions-policy",
       "Web endpoints should send a Permissions-Policy header", sdk::Severity::Low,
       "Remediate security configurations",
       "Send a Permissions-Policy turning off the browser features pages do not use.",
       "nginx: add_header Permissions-Policy \"camera=(), microphone=(), geolocation=()\" "
       "always;",
       [](const Json& f) { return required(f, "Permissions-Policy"); }},
      {"appservice.live-cookie-flags",
       "Web endpoints should set cookies with the Secure, HttpOnly and SameSite attributes",
       sdk::Severity::Medium, "Remediate security configurations",
       "Set Secure, HttpOnly and SameSite=Lax (or Strict) on every cookie the application "
       "issues.",
       "nginx (proxied apps): proxy_cookie_flags ~ secure httponly samesite=lax;", cookies},
      {"appservice.live-version-banner",
       "Web endpoints should not announce their server software version", sdk::Severity::Low,
       "Remediate security configurations",
       "Remove version numbers from Server and X-Powered-By (and drop X-AspNet-Version).",
       "nginx: server_tokens off;  PHP: expose_php = Off;  ASP.NET: <httpRuntime "
       "enableVersionHeader=\"false\" />",
       banners},
      {"appservice.live-https-redirect", "Web endpoints should redirect HTTP to HTTPS",
       sdk::Severity::High, "Encrypt data in transit",
       "Answer every plain-HTTP request with a 301 (or 308) to the same URL over https://.",
       "nginx: server { listen 80; return 301 https://$host$request_uri; }  App Service: az "
       "webapp update --https-only true --ids {id}",
       redirect},
  };
}

}  // namespace bulwark::appservice::live
