#include "live/endpoint_settings.h"

#include <cctype>
#include <stdexcept>

namespace bulwark::appservice::live {
namespace {

std::string text(const sdk::Json& entry, const char* key, const std::string& where, bool required) {
  auto it = entry.find(key);
  if (it == entry.end() || it->is_null()) {
    if (required) throw std::runtime_error(where + ": " + key + " is required");
    return {};
  }
  if (!it->is_string() || it->get<std::string>().empty())
    throw std::runtime_error(where + ": " + key + " must be non-empty text");
  return it->get<std::string>();
}

int number(const sdk::Json& entry, const char* key, const std::string& where, int fallback, int low,
           int high) {
  auto it = entry.find(key);
  if (it == entry.end() || it->is_null()) return fallback;
  if (!it->is_number_integer() || it->get<long long>() < low || it->get<long long>() > high)
    throw std::runtime_error(where + ": " + key + " must be a whole number from " +
                             std::to_string(low) + " to " + std::to_string(high));
  return it->get<int>();
}

const char* const kKeys[] = {"id",           "url",     "server_name",         "host_header",
                             "http_url",     "ca_file", "expiry_warning_days", "timeout_seconds",
                             "listing_paths"};

}  // namespace

std::string Url::hostAndPort() const {
  std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  bool standard = (scheme == "https" && port == 443) || (scheme == "http" && port == 80);
  return standard ? h : h + ":" + std::to_string(port);
}

Url parseUrl(const std::string& text) {
  Url u;
  size_t colon = text.find("://");
  if (colon == std::string::npos) throw std::runtime_error("'" + text + "' is not a URL");
  for (char c : text.substr(0, colon))
    u.scheme += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (u.scheme != "https" && u.scheme != "http")
    throw std::runtime_error("'" + text + "' is not an http or https URL");
  std::string rest = text.substr(colon + 3);
  size_t slash = rest.find_first_of("/?#");
  std::string authority = rest.substr(0, slash);
  if (slash != std::string::npos) u.path = rest.substr(slash);
  if (u.path.empty() || u.path[0] != '/') u.path = "/" + u.path;
  if (authority.find('@') != std::string::npos)
    throw std::runtime_error("'" + text + "': credentials in the URL are refused");
  std::string port;
  if (!authority.empty() && authority[0] == '[') {
    size_t close = authority.find(']');
    if (close == std::string::npos) throw std::runtime_error("'" + text + "': unclosed [");
    u.host = authority.substr(1, close - 1);
    if (close + 1 < authority.size() && authority[close + 1] == ':')
      port = authority.substr(close + 2);
  } else {
    size_t c = authority.rfind(':');
    u.host = authority.substr(0, c);
    if (c != std::string::npos) port = authority.substr(c + 1);
  }
  if (u.host.empty()) throw std::runtime_error("'" + text + "' has no host");
  u.port = u.scheme == "https" ? 443 : 80;
  if (!port.empty()) {
    for (char c : port)
      if (!std::isdigit(static_cast<unsigned char>(c)))
        throw std::runtime_error("'" + text + "': the port is not a number");
    if (port.size() > 5 || std::stoi(port) < 1 || std::stoi(port) > 65535)
      throw std::runtime_error("'" + text + "': the port is not from 1 to 65535");
    u.port = std::stoi(port);
  }
  return u;
}

std::vector<EndpointSetting> endpointSettings(const sdk::Json& settings) {
  std::vector<EndpointSetting> out;
  if (!settings.is_object()) return out;
  auto list = settings.find("endpoints");
  if (list == settings.end() || list->is_null()) return out;
  if (!list->is_array()) throw std::runtime_error("endpoints must be a list");
  for (size_t i = 0; i < list->size(); ++i) {
    const sdk::Json& entry = (*list)[i];
    std::string where = "endpoints[" + std::to_string(i) + "]";
    if (!entry.is_object()) throw std::runtime_error(where + " must be a mapping");
    for (const auto& [key, value] : entry.items()) {
      (void)value;
      bool known = false;
      for (const char* k : kKeys)
        known = known || key == k;
      if (!known) throw std::runtime_error(where + ": unknown key " + key);
    }
    EndpointSetting s;
    s.id = text(entry, "id", where, true);
    if (s.id.rfind("/subscriptions/", 0) != 0 || s.id.find("/providers/") == std::string::npos)
      throw std::runtime_error(where +
                               ": id must be an ARM-style resource id "
                               "(/subscriptions/S/resourceGroups/RG/providers/Bulwark.Web/"
                               "endpoints/NAME)");
    s.url = text(entry, "url", where, true);
    try {
      s.target = parseUrl(s.url);
    } catch (const std::exception& e) {
      throw std::runtime_error(where + ": url " + e.what());
    }
    if (s.target.scheme != "https")
      throw std::runtime_error(where + ": url must be https:// (the plain http side is http_url)");
    s.serverName = text(entry, "server_name", where, false);
    if (s.serverName.empty()) s.serverName = s.target.host;
    s.hostHeader = text(entry, "host_header", where, false);
    if (s.hostHeader.empty()) {
      Url named = s.target;
      named.host = s.serverName;
      s.hostHeader = named.hostAndPort();
    }
    s.httpUrl = text(entry, "http_url", where, false);
    if (!s.httpUrl.empty()) {
      Url http;
      try {
        http = parseUrl(s.httpUrl);
      } catch (const std::exception& e) {
        throw std::runtime_error(where + ": http_url " + e.what());
      }
      if (http.scheme != "http") throw std::runtime_error(where + ": http_url must be http://");
    } else if (s.target.port == 443) {
      s.httpUrl = "http://" + Url{"http", s.target.host, 80, "/"}.hostAndPort() + s.target.path;
    }
    s.caFile = text(entry, "ca_file", where, false);
    s.expiryWarningDays = number(entry, "expiry_warning_days", where, 30, 0, 3650);
    s.timeoutSeconds = number(entry, "timeout_seconds", where, 10, 1, 600);
    if (auto paths = entry.find("listing_paths"); paths != entry.end() && !paths->is_null()) {
      if (!paths->is_array() || paths->empty())
        throw std::runtime_error(where + ": listing_paths must be a non-empty list of paths");
      s.listingPaths.clear();
      for (const auto& p : *paths) {
        if (!p.is_string() || p.get<std::string>().empty() || p.get<std::string>()[0] != '/')
          throw std::runtime_error(where + ": listing_paths entries must start with /");
        s.listingPaths.push_back(p.get<std::string>());
      }
    }
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace bulwark::appservice::live
