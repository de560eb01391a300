// The "live-endpoints" collector: each endpoint of the endpoints setting, probed over the
// network (TLS versions and suites, certificate, response headers, exposed files) and emitted
// as a Bulwark.Web/endpoints resource under the id the operator gave. An endpoint that cannot
// be reached is logged by id and url and the others are still probed; the collector then fails
// with every endpoint's message, so the scan ends completed_with_errors.
#pragma once

#include <bulwark/plugin.hpp>

namespace bulwark::appservice::live {

sdk::CollectorDef liveEndpointsCollector();

}  // namespace bulwark::appservice::live
