// A request to an HTTP route and its answer, as the kernel's HTTP host and the plugins' route
// handlers exchange them (plain values; the wire form for plugins is bw_http_request).
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace bulwark {

struct HttpExchange {
  std::string method;
  std::string path;  // without the query string
  std::string query;
  std::string contentType;
  std::string body;
  std::string clientAddress;
  std::vector<std::pair<std::string, std::string>> headers;
};

struct HttpAnswer {
  int status = 500;
  std::string contentType = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

}  // namespace bulwark
