#include "loader/plugin_providers.h"

#include <algorithm>

namespace bulwark {
namespace {

void keepProviders(LoadResult& loaded, const std::function<bool(const PluginManifest&)>& provides,
                   ProviderResult& out) {
  for (auto& plugin : loaded.plugins) {
    if (provides(plugin->manifest())) out.plugins.push_back(std::move(plugin));
  }
  out.refusals.insert(out.refusals.end(), loaded.refusals.begin(), loaded.refusals.end());
}

}  // namespace

ProviderResult findProviders(const ProviderQuery& query,
                             const std::function<bool(const PluginManifest&)>& provides) {
  ProviderResult out;
  LoadResult enabled = loadPlugins(query.dirs, query.enabledIds);
  keepProviders(enabled, provides, out);
  if (!out.plugins.empty()) {
    out.fromEnabled = true;
    return out;
  }
  std::vector<std::string> others;
  for (const auto& f : findPluginFiles(query.dirs)) {
    auto named = [&](const std::vector<std::string>& ids) {
      return std::find(ids.begin(), ids.end(), f.id) != ids.end();
    };
    if (!named(query.enabledIds) && !named(query.disabledIds) && !named(others))
      others.push_back(f.id);
  }
  LoadResult discovered = loadPlugins(query.dirs, others);
  keepProviders(discovered, provides, out);
  return out;
}

}  // namespace bulwark
