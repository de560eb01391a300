#include "live/endpoint_facts.h"

#include <stdexcept>

#include "live/http_probes.h"
#include "live/tls_probes.h"

namespace bulwark::appservice::live {

sdk::Json readEndpoint(const EndpointSetting& endpoint) {
  sdk::Json facts;
  try {
    facts = probeTls(endpoint);
  } catch (const std::exception& e) {
    throw std::runtime_error("endpoint " + endpoint.describe() + ": " + e.what());
  }
  facts.update(probeHttp(endpoint));
  facts["url"] = endpoint.url;
  facts["serverName"] = endpoint.serverName;
  facts["expiryWarningDays"] = endpoint.expiryWarningDays;
  facts["measuredAt"] = sdk::utcNowIso8601();
  std::string name = endpoint.id.substr(endpoint.id.rfind('/') + 1);
  return {{"id", endpoint.id},
          {"name", name},
          {"type", kEndpointType},
          {"properties",
           {{"url", endpoint.url},
            {"serverName", endpoint.serverName},
            {"bulwarkEndpoint", std::move(facts)}}}};
}

}  // namespace bulwark::appservice::live
