// The normalized fields of an HTTP request event (type "http.request"), shared by every reader
// of web server logs, the kernel's (apache/nginx, w3c) and the plugins' (appservice-http-logs),
// so one rule runs on every access-log format:
//   ip, user, method, url (path and query as logged), path, status, user_agent, referer, host,
//   url_decoded and path_decoded (decodedUrl below: what payload rules match).
#ifndef BULWARK_SDK_HTTP_REQUEST_HPP
#define BULWARK_SDK_HTTP_REQUEST_HPP

#include <string>
#include <string_view>

namespace bulwark::sdk {

inline constexpr const char* kHttpRequestType = "http.request";
inline constexpr const char* kUrlDecodedField = "url_decoded";
inline constexpr const char* kPathDecodedField = "path_decoded";

namespace detail {

inline int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

inline int hexNumber(std::string_view text, size_t at, size_t digits) {
  if (at + digits > text.size()) return -1;
  int value = 0;
  for (size_t i = 0; i < digits; ++i) {
    int h = hexValue(text[at + i]);
    if (h < 0) return -1;
    value = value * 16 + h;
  }
  return value;
}

// One round of decoding: %XX, IIS's %uXXXX (ASCII only), '+' as a space, and the overlong
// UTF-8 forms of '.', '/' and '\' that old servers accepted (C0 AE, C0 AF, C1 9C, E0 80 AE).
inline std::string decodeOnce(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '+') {
      out += ' ';
    } else if (c == '%' && hexNumber(in, i + 1, 2) >= 0) {
      out += static_cast<char>(hexNumber(in, i + 1, 2));
      i += 2;
    } else if (c == '%' && i + 1 < in.size() && (in[i + 1] == 'u' || in[i + 1] == 'U') &&
               hexNumber(in, i + 2, 4) >= 0 && hexNumber(in, i + 2, 4) < 0x80) {
      out += static_cast<char>(hexNumber(in, i + 2, 4));
      i += 5;
    } else {
      out += c;
    }
  }
  std::string folded;
  folded.reserve(out.size());
  for (size_t i = 0; i < out.size(); ++i) {
    auto at = [&](size_t k) { return static_cast<unsigned char>(out[k]); };
    if (at(i) == 0xC0 && i + 1 < out.size() && (at(i + 1) == 0xAE || at(i + 1) == 0xAF)) {
      folded += at(i + 1) == 0xAE ? '.' : '/';
      ++i;
    } else if (at(i) == 0xC1 && i + 1 < out.size() && at(i + 1) == 0x9C) {
      folded += '\\';
      ++i;
    } else if (at(i) == 0xE0 && i + 2 < out.size() && at(i + 1) == 0x80 && at(i + 2) == 0xAE) {
      folded += '.';
      i += 2;
    } else {
      folded += out[i];
    }
  }
  return folded;
}

}  // namespace detail

// What payload rules match: `url` percent-decoded until it no longer changes (double and
// triple encoding, at most 4 rounds), with '+' as a space, backslashes as slashes and ASCII
// lower-cased. "/a/%252E%252e%255c..%5Cetc/PASSWD" -> "/a/../../etc/passwd".
inline std::string decodedUrl(std::string_view url) {
  std::string text(url);
  for (int round = 0; round < 4; ++round) {
    std::string next = detail::decodeOnce(text);
    if (next == text) break;
    text = std::move(next);
  }
  for (char& c : text) {
    if (c == '\\') c = '/';
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return text;
}

// The path of a logged request target (before its '?'), decoded as decodedUrl does.
inline std::string decodedPath(std::string_view url) {
  return decodedUrl(url.substr(0, url.find('?')));
}

}  // namespace bulwark::sdk

#endif  // BULWARK_SDK_HTTP_REQUEST_HPP
