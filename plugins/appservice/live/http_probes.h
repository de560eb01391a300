// What the HTTP checks judge, measured by GET requests to the endpoint (none is followed):
//   response:  {"status", "headers": [[name, value], ...]} of the url (cookie values
//              redacted), or {"error"}
//   redirect:  {"url", "status", "location"} of http_url, {"error"}, or null when there is no
//              plain http side to ask
//   exposed:   {"<path>": {"status", "bytes", "exposed": bool}} for kSensitivePaths, or
//              {"error"}; never the body (an exposed .env holds secrets)
//   listings:  {"<path>": {"status", "listing": bool}} for the listing_paths, or {"error"}
// A path counts as exposed only when it answers 200 with something other than what a path
// that cannot exist gets, so a site answering 200 to everything is not reported.
#pragma once

#include <bulwark/plugin.hpp>

#include "live/endpoint_settings.h"

namespace bulwark::appservice::live {

enum class Exposure { Git, Env, Backup };

struct SensitivePath {
  const char* path;
  Exposure kind;
};

// Repository metadata, environment files and the backup and editor files left beside pages
// most often: *.bak copies, the editor's ~ and .swp files, macOS's .DS_Store.
inline constexpr SensitivePath kSensitivePaths[] = {
    {"/.git/HEAD", Exposure::Git},         {"/.env", Exposure::Env},
    {"/index.php.bak", Exposure::Backup},  {"/index.html.bak", Exposure::Backup},
    {"/web.config.bak", Exposure::Backup}, {"/wp-config.php.bak", Exposure::Backup},
    {"/index.php~", Exposure::Backup},     {"/.index.php.swp", Exposure::Backup},
    {"/.DS_Store", Exposure::Backup},
};

// Never throws for the endpoint's own failures: each part records its error.
sdk::Json probeHttp(const EndpointSetting& endpoint);

}  // namespace bulwark::appservice::live
