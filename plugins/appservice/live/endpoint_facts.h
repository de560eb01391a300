// The Bulwark.Web/endpoints resource of one endpoint: its setting, what the TLS probes
// (tls_probes.h) and the HTTP probes (http_probes.h) measured, under properties.bulwarkEndpoint
// with "expiryWarningDays" and the time of the measurement ("measuredAt").
#pragma once

#include <bulwark/plugin.hpp>

#include "live/endpoint_settings.h"

namespace bulwark::appservice::live {

// Throws std::runtime_error naming the endpoint's id and url when it cannot be reached, does
// not answer in time or accepts no TLS handshake at all.
sdk::Json readEndpoint(const EndpointSetting& endpoint);

}  // namespace bulwark::appservice::live
