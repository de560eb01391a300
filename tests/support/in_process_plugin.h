// A plugin's definition, from its static core library, loaded in-process the way the kernel
// loads a plugin library: the SDK generates its C table and manifest, the kernel's manifest
// parser reads it. Tests then drive the kernel's own plugin paths (event intake, follow, UEBA
// declarations) with the plugin's code, without a shared library.
#pragma once

#include <bulwark/plugin.hpp>

#include <memory>

#include "loader/plugin_loader.h"

namespace bulwark::test {

template <const sdk::PluginDef& (*Definition)()>
std::shared_ptr<LoadedPlugin> loadInProcess() {
  const bw_plugin_api* api = sdk::detail::Thunks<Definition>::entry(BW_ABI_MAJOR, BW_ABI_MINOR);
  return std::make_shared<LoadedPlugin>(
      nullptr, api, "<in-process>",
      parseManifest(std::string_view(api->manifest_json.ptr, api->manifest_json.len)));
}

}  // namespace bulwark::test
