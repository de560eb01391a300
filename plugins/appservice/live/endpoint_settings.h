// The `endpoints` setting of the appservice plugin: web endpoints assessed live over the
// network (TLS, certificate, response headers, exposed files). Each has the resource id it is
// scored under and where to connect.
//
//   endpoints:
//     - id: /subscriptions/S/resourceGroups/onprem/providers/Bulwark.Web/endpoints/shop
//       url: https://shop.example.com/     # https only; the path is where headers are read
//       server_name: shop.example.com      # SNI and the certificate's name, default url host
//       host_header: shop.example.com      # HTTP Host, default server_name (with the port)
//       http_url: http://shop.example.com/ # the redirect check; default port 80 when the
//                                          # url uses 443, else the check is not applicable
//       ca_file: /etc/bulwark/internal-ca.pem  # trust these CAs instead of the system store
//       expiry_warning_days: 30            # default 30
//       timeout_seconds: 10                # each connect, handshake and response; default 10
//       listing_paths: [/, /uploads/]      # where directory listings are looked for; default [/]
#pragma once

#include <bulwark/plugin.hpp>

#include <string>
#include <vector>

namespace bulwark::appservice::live {

inline constexpr const char* kEndpointType = "Bulwark.Web/endpoints";

// The parts of an http(s) URL the probes need.
struct Url {
  std::string scheme;  // "https" or "http"
  std::string host;    // without brackets for IPv6
  int port = 0;
  std::string path = "/";

  std::string hostAndPort() const;  // "[::1]:8443", "example.com" when the port is the default
};

// Throws std::runtime_error naming `text` when it is not an absolute http or https URL.
Url parseUrl(const std::string& text);

struct EndpointSetting {
  std::string id;
  std::string url;  // as written, for messages
  Url target;
  std::string serverName;
  std::string hostHeader;
  std::string httpUrl;  // "" when the redirect cannot be checked
  std::string caFile;   // "" for the system store
  int expiryWarningDays = 30;
  int timeoutSeconds = 10;
  std::vector<std::string> listingPaths = {"/"};

  std::string describe() const { return id + " (" + url + ")"; }
};

// Throws std::runtime_error naming the entry and the field when the setting is malformed.
std::vector<EndpointSetting> endpointSettings(const sdk::Json& settings);

}  // namespace bulwark::appservice::live
