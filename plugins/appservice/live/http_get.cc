#include "live/http_get.h"

#include <strings.h>

#include <cctype>

namespace bulwark::appservice::live {
namespace {

std::string trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t");
  size_t e = s.find_last_not_of(" \t\r");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

// The body of a chunked transfer coding, as far as it is complete.
std::string dechunk(const std::string& raw) {
  std::string out;
  size_t at = 0;
  while (at < raw.size()) {
    size_t eol = raw.find("\r\n", at);
    if (eol == std::string::npos) break;
    size_t size = 0;
    try {
      size = std::stoul(raw.substr(at, eol - at), nullptr, 16);
    } catch (const std::exception&) {
      break;
    }
    if (size == 0) break;
    out += raw.substr(eol + 2, size);
    at = eol + 2 + size + 2;
  }
  return out;
}

}  // namespace

std::vector<std::string> HttpResponse::all(const std::string& name) const {
  std::vector<std::string> out;
  for (const auto& [n, v] : headers)
    if (::strcasecmp(n.c_str(), name.c_str()) == 0) out.push_back(v);
  return out;
}

std::string HttpResponse::first(const std::string& name) const {
  auto values = all(name);
  return values.empty() ? "" : values.front();
}

HttpResponse httpGet(const HttpTarget& target, const std::string& path,
                     Clock::time_point deadline) {
  Connection c(target.host, target.port, deadline);
  if (target.tls != nullptr) c.handshake(target.tls, target.serverName);
  c.writeAll("GET " + path + " HTTP/1.1\r\nHost: " + target.hostHeader +
             "\r\nUser-Agent: bulwark-live-endpoints\r\nAccept: */*\r\nConnection: close\r\n\r\n");
  std::string raw;
  size_t headerEnd = std::string::npos;
  long long contentLength = -1;
  while (true) {
    std::string chunk = c.readSome(16 * 1024);
    if (chunk.empty()) break;
    raw += chunk;
    if (headerEnd == std::string::npos) {
      headerEnd = raw.find("\r\n\r\n");
      if (headerEnd == std::string::npos && raw.size() > kMaxBody)
        throw ConnectionError("the response headers exceed " + std::to_string(kMaxBody) + " bytes");
    }
    if (headerEnd != std::string::npos) {
      if (contentLength < 0) {
        std::string head = raw.substr(0, headerEnd);
        for (size_t p = head.find("\r\n"); p != std::string::npos; p = head.find("\r\n", p + 2)) {
          std::string line = head.substr(p + 2, head.find("\r\n", p + 2) - p - 2);
          if (::strncasecmp(line.c_str(), "content-length:", 15) == 0)
            contentLength = std::atoll(line.c_str() + 15);
        }
      }
      size_t bodySoFar = raw.size() - headerEnd - 4;
      if (bodySoFar >= kMaxBody) break;
      if (contentLength >= 0 && bodySoFar >= static_cast<size_t>(contentLength)) break;
    }
  }
  if (headerEnd == std::string::npos) headerEnd = raw.size();
  std::string head = raw.substr(0, headerEnd);
  HttpResponse r;
  size_t eol = head.find("\r\n");
  std::string statusLine = head.substr(0, eol);
  if (statusLine.rfind("HTTP/1.", 0) != 0 || statusLine.size() < 12 ||
      !std::isdigit(static_cast<unsigned char>(statusLine[9])))
    throw ConnectionError(raw.empty()
                              ? "the server closed the connection without a response"
                              : "the answer is not HTTP/1.x: '" + statusLine.substr(0, 40) + "'");
  r.status = std::atoi(statusLine.c_str() + 9);
  while (eol != std::string::npos) {
    size_t next = head.find("\r\n", eol + 2);
    std::string line = head.substr(eol + 2, next == std::string::npos ? next : next - eol - 2);
    size_t colon = line.find(':');
    if (colon != std::string::npos)
      r.headers.emplace_back(trim(line.substr(0, colon)), trim(line.substr(colon + 1)));
    eol = next;
  }
  std::string body = headerEnd + 4 <= raw.size() ? raw.substr(headerEnd + 4) : "";
  if (::strcasecmp(r.first("Transfer-Encoding").c_str(), "chunked") == 0) body = dechunk(body);
  r.body = body.substr(0, kMaxBody);
  return r;
}

}  // namespace bulwark::appservice::live
