#include "live/live_collector.h"

#include <stdexcept>
#include <string>
#include <vector>

#include "live/endpoint_facts.h"
#include "live/endpoint_settings.h"

namespace bulwark::appservice::live {
namespace {

void collect(const sdk::Context& ctx) {
  std::vector<EndpointSetting> endpoints = endpointSettings(ctx.settings);
  std::vector<std::string> failures;
  for (const auto& endpoint : endpoints) {
    if (ctx.host.cancelled()) return;
    try {
      ctx.host.emitResource(readEndpoint(endpoint));
      ctx.host.info("probed endpoint " + endpoint.describe());
    } catch (const std::exception& e) {
      ctx.host.error(e.what());
      failures.emplace_back(e.what());
    }
  }
  if (!failures.empty()) {
    std::string message = std::to_string(failures.size()) + " of " +
                          std::to_string(endpoints.size()) + " endpoint(s) could not be assessed: ";
    for (size_t i = 0; i < failures.size(); ++i)
      message += (i == 0 ? "" : "; ") + failures[i];
    throw std::runtime_error(message);
  }
}

}  // namespace

sdk::CollectorDef liveEndpointsCollector() {
  return {"live-endpoints",
          "Web endpoints of the endpoints setting, probed live: TLS versions and weak cipher "
          "suites accepted, the certificate (chain, name, expiry), security headers, cookies, "
          "version banners, directory listings, exposed .git/.env/backup files, the HTTP to "
          "HTTPS redirect",
          {kEndpointType},
          collect};
}

}  // namespace bulwark::appservice::live
