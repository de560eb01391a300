// The local host as a resource: an Arc-style Microsoft.HybridCompute/machines document whose
// properties.bulwarkHost holds the facts of host_facts.h, so it joins the scan and the score.
//
// Settings (all optional; the collector is off unless collect_host is true):
//   collect_host:  bool, default false (keeps sample-estate scans deterministic)
//   host_root:     directory read as "/", default "/"
//   host_scope:    ARM resource group id the host is placed under, default
//                  /subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/bulwark-local
//   host_name:     resource name, default the host's hostname
//   run_commands:  bool, default true: `sshd -T` and `rpm` on the live root only
//   system_paths:  folders walked for world-writable and SUID/SGID files
#pragma once

#include <bulwark/plugin.hpp>

#include <string>

namespace bulwark::vm {

inline constexpr const char* kDefaultHostScope =
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/bulwark-local";

void validateSettings(const sdk::Json& settings);
// The host document for the given settings (collects the facts; never emits).
sdk::Json hostResource(const sdk::Json& settings);
void collectHost(const sdk::Context& ctx);

}  // namespace bulwark::vm
