// Plain HTTP requests with a body for the tests (the product only GETs from registries).
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace bulwark::test {

struct PostResult {
  int status = 0;
  std::string body;
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
