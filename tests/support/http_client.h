// Plain HTTP requests for the tests, with the status, body and headers of the answer.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace bulwark::test {

struct PostResult {
  int status = 0;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string header(const std::string& name) const {
    for (const auto& [n, v] : headers)
      if (n == name) return v;
    return {};
  }
};

PostResult httpSend(const std::string& method, const std::string& host, int port,
                    const std::string& path, const std::string& contentType,
                    const std::string& body,
                    const std::vector<std::pair<std::string, std::string>>& headers = {});

inline PostResult httpPost(const std::string& host, int port, const std::string& path,
                           const std::string& contentType, const std::string& body,
                           const std::vector<std::pair<std::string, std::string>>& headers = {}) {
  return httpSend("POST", host, port, path, contentType, body, headers);
}

}  // namespace bulwark::test
