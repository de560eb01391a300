#include "support/http_client.h"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>

#include <sstream>

namespace bulwark::test {

PostResult httpSend(const std::string& method, const std::string& host, int port,
                    const std::string& path, const std::string& contentType,
                    const std::string& body,
                    const std::vector<std::pair<std::string, std::string>>& headers) {
  Poco::Net::HTTPClientSession session(host, static_cast<Poco::UInt16>(port));
  Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
  request.setContentType(contentType);
  request.setContentLength(static_cast<std::streamsize>(body.size()));
  for (const auto& [key, value] : headers)
    request.set(key, value);
  session.sendRequest(request) << body;
  Poco::Net::HTTPResponse response;
  std::istream& in = session.receiveResponse(response);
  std::ostringstream text;
  text << in.rdbuf();
  PostResult out{static_cast<int>(response.getStatus()), text.str(), {}};
  for (const auto& [name, value] : response)
    out.headers.emplace_back(name, value);
  return out;
}

}  // namespace bulwark::test
