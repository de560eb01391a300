#include "live/http_probes.h"

#include <cctype>
#include <chrono>
#include <regex>

#include "live/connection.h"
#include "live/http_get.h"

namespace bulwark::appservice::live {
namespace {

using sdk::Json;

Clock::time_point deadlineOf(const EndpointSetting& e) {
  return Clock::now() + std::chrono::seconds(e.timeoutSeconds);
}

bool looksLikeGitHead(const std::string& body) {
  if (body.rfind("ref:", 0) == 0) return true;
  if (body.size() < 40) return false;
  for (size_t i = 0; i < 40; ++i)
    if (!std::isxdigit(static_cast<unsigned char>(body[i]))) return false;
  return true;
}

bool looksLikeEnvFile(const std::string& body) {
  static const std::regex assignment("(^|\n)[ \t]*(export[ \t]+)?[A-Za-z_][A-Za-z0-9_]*=");
  return body.find('<') != 0 && std::regex_search(body, assignment);
}

bool looksLikeListing(const std::string& body) {
  return body.find("Index of /") != std::string::npos ||
         body.find("Directory listing for /") != std::string::npos ||
         body.find("[To Parent Directory]") != std::string::npos;
}

// The headers as stored on the resource: a cookie's value may be a session, so Set-Cookie
// keeps only the cookie's name and attributes.
Json headersJson(const HttpResponse& r) {
  Json out = Json::array();
  for (const auto& [name, value] : r.headers) {
    if (!sdk::iequals(name, "Set-Cookie")) {
      out.push_back({name, value});
      continue;
    }
    size_t equals = value.find('='), semicolon = value.find(';');
    std::string attributes = semicolon == std::string::npos ? "" : value.substr(semicolon);
    out.push_back({name, value.substr(0, equals) + "=<redacted>" + attributes});
  }
  return out;
}

}  // namespace

sdk::Json probeHttp(const EndpointSetting& e) {
  SslContext tls = probeContext(TLS1_VERSION, 0, "ALL:@SECLEVEL=0", true);
  HttpTarget https{e.target.host, e.target.port, e.serverName, e.hostHeader, tls.get()};
  Json facts;
  try {
    HttpResponse r = httpGet(https, e.target.path, deadlineOf(e));
    facts["response"] = {{"status", r.status}, {"headers", headersJson(r)}};
  } catch (const std::exception& x) {
    facts["response"] = {{"error", "GET " + e.target.path + ": " + x.what()}};
  }

  facts["redirect"] = nullptr;
  if (!e.httpUrl.empty()) {
    Url plain = parseUrl(e.httpUrl);
    Url named = plain;  // the same site by name when both URLs give the same address
    if (plain.host == e.target.host) named.host = e.serverName;
    HttpTarget http{plain.host, plain.port, "", named.hostAndPort(), nullptr};
    try {
      HttpResponse r = httpGet(http, plain.path, deadlineOf(e));
      facts["redirect"] = {
          {"url", e.httpUrl}, {"status", r.status}, {"location", r.first("Location")}};
    } catch (const std::exception& x) {
      facts["redirect"] = {{"url", e.httpUrl}, {"error", "GET " + e.httpUrl + ": " + x.what()}};
    }
  }

  try {
    // What a path that cannot exist gets: a site answering 200 to everything exposes nothing.
    auto stamp = std::chrono::system_clock::now().time_since_epoch().count();
    HttpResponse missing =
        httpGet(https, "/bulwark-probe-" + std::to_string(stamp) + ".bak", deadlineOf(e));
    Json exposed = Json::object();
    for (const auto& p : kSensitivePaths) {
      HttpResponse r = httpGet(https, p.path, deadlineOf(e));
      bool distinct = missing.status != 200 || r.body != missing.body;
      bool found = r.status == 200 && distinct;
      if (p.kind == Exposure::Git) found = found && looksLikeGitHead(r.body);
      if (p.kind == Exposure::Env) found = found && looksLikeEnvFile(r.body);
      exposed[p.path] = {{"status", r.status}, {"bytes", r.body.size()}, {"exposed", found}};
    }
    facts["exposed"] = exposed;
  } catch (const std::exception& x) {
    facts["exposed"] = {{"error", x.what()}};
  }

  try {
    Json listings = Json::object();
    for (const auto& path : e.listingPaths) {
      HttpResponse r = httpGet(https, path, deadlineOf(e));
      listings[path] = {{"status", r.status},
                        {"listing", r.status == 200 && looksLikeListing(r.body)}};
    }
    facts["listings"] = listings;
  } catch (const std::exception& x) {
    facts["listings"] = {{"error", x.what()}};
  }
  return facts;
}

}  // namespace bulwark::appservice::live
