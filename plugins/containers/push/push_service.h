// Scan on push in `bulwark server`: the containers plugin's background service. Registry
// notifications are queued (deduplicated by digest, bounded) and a worker pulls and scans each
// pushed image; every status change is kept in the plugin's state, where `bulwark images
// list|show` and the registry recommendation read it. When the vulnerability database is
// re-imported, every image already scanned is rescanned.
//
// Settings (the server options in brackets): registries [--registry, repeatable, required],
// platform [--platform], workDir [--work-dir], https [--https], rescanCheckSeconds
// [--rescan-check]. Pull credentials come from BULWARK_REGISTRY_USERNAME and
// BULWARK_REGISTRY_PASSWORD.
#pragma once

#include <bulwark/plugin.hpp>

#include <memory>

namespace bulwark::containers {

// Throws std::invalid_argument when the settings do not allow scan on push.
std::unique_ptr<sdk::Service> startPushService(const sdk::Context& ctx);

}  // namespace bulwark::containers
