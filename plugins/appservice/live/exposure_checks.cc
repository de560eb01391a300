#include "live/exposure_checks.h"

#include "live/http_probes.h"

namespace bulwark::appservice::live {
namespace {

using sdk::Json;
using sdk::Verdict;

Verdict listings(const Json& f) {
  if (auto v = unmeasured(f, "listings")) return *v;
  Json found = Json::array();
  std::string shown;
  for (const auto& [path, result] : sdk::at(f, "listings")->items()) {
    if (!result.value("listing", false)) continue;
    found.push_back(path);
    shown += (shown.empty() ? "" : ", ") + path;
  }
  std::string url = sdk::textAt(f, "url");
  if (found.empty()) return Verdict::healthy("no directory listing at the paths probed");
  return Verdict::unhealthy(url + " lists the directory at " + shown, {{"paths", found}});
}

std::function<Verdict(const Json&)> exposed(Exposure kind, std::string what) {
  return [kind, what](const Json& f) {
    if (auto v = unmeasured(f, "exposed")) return *v;
    Json found = Json::array();
    std::string shown, probed;
    for (const auto& p : kSensitivePaths) {
      if (p.kind != kind) continue;
      probed += (probed.empty() ? "" : ", ") + std::string(p.path);
      const Json& all = *sdk::at(f, "exposed");  // paths hold dots: no dotted lookup
      auto r = all.find(p.path);
      if (r == all.end() || !r->is_object())
        throw std::runtime_error(std::string(p.path) + " was not probed");
      if (!r->value("exposed", false)) continue;
      found.push_back(p.path);
      shown += (shown.empty() ? "" : ", ") + std::string(p.path);
    }
    if (found.empty()) return Verdict::healthy("no " + what + " served (" + probed + ")");
    return Verdict::unhealthy(sdk::textAt(f, "url") + " serves " + what + ": " + shown,
                              {{"paths", found}});
  };
}

}  // namespace

std::vector<LiveCheck> exposureChecks() {
  return {
      {"appservice.live-directory-listing", "Web endpoints should not list directories",
       sdk::Severity::Medium, "Remediate security configurations",
       "Turn off directory listings and serve an index page or 403/404 for folders.",
       "nginx: autoindex off;  Apache: Options -Indexes;  IIS: <directoryBrowse "
       "enabled=\"false\" />",
       listings},
      {"appservice.live-git-exposed", "Web endpoints should not serve the Git repository (/.git/)",
       sdk::Severity::High, "Remediate security configurations",
       "Deploy without the .git folder, and deny every path starting with /. on the server.",
       "nginx: location ~ /\\. { deny all; }", exposed(Exposure::Git, "Git repository metadata")},
      {"appservice.live-env-exposed", "Web endpoints should not serve environment files (/.env)",
       sdk::Severity::High, "Remediate security configurations",
       "Remove .env from the web root (keep secrets in app settings or Key Vault), rotate every "
       "secret it held, and deny dot-files on the server.",
       "nginx: location ~ /\\. { deny all; }", exposed(Exposure::Env, "an environment file")},
      {"appservice.live-backup-files", "Web endpoints should not serve backup or editor files",
       sdk::Severity::Medium, "Remediate security configurations",
       "Delete *.bak, *~, .*.swp and .DS_Store files from the web root and deny those names on "
       "the server.",
       "nginx: location ~* (\\.bak|~|\\.swp|\\.DS_Store)$ { deny all; }",
       exposed(Exposure::Backup, "backup or editor files")},
  };
}

}  // namespace bulwark::appservice::live
