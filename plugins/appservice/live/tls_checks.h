// The live TLS checks: legacy versions, TLS 1.3, weak cipher suites, and the certificate's
// chain, name and expiry (appservice.live-tls-*, appservice.live-certificate-*).
#pragma once

#include <vector>

#include "live/live_check.h"

namespace bulwark::appservice::live {

std::vector<LiveCheck> tlsChecks();

}  // namespace bulwark::appservice::live
