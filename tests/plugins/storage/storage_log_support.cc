#include "plugins/storage/storage_log_support.h"

#include <sstream>
#include <stdexcept>

#include "plugin_detect/plugin_detection.h"
#include "storage_definition.h"
#include "support/in_process_plugin.h"
#include "support/test_support.h"

namespace bulwark::test {
namespace {

const sdk::PluginDef& storageDefinition() {
  static const sdk::PluginDef def = storage::storagePluginDefinition();
  return def;
}

}  // namespace

std::shared_ptr<LoadedPlugin> storagePlugin() {
  static const std::shared_ptr<LoadedPlugin> plugin = loadInProcess<&storageDefinition>();
  return plugin;
}

StorageRead readStorageLogs(detect::KeyTable& keys, const std::string& type,
                            const std::string& path) {
  struct Reader {
    std::ostringstream diagnostics;
    std::unique_ptr<plugindetect::PluginDetection> detection;
  };
  auto reader = std::make_shared<Reader>();
  reader->detection = std::make_unique<plugindetect::PluginDetection>(keys, reader->diagnostics);
  reader->detection->add(storagePlugin(), nlohmann::json::object(), /*runDetectors=*/false);
  StorageRead r;
  r.stats = reader->detection->readSource(
      type, path, [&](detect::Event&& e) { r.events.push_back(std::move(e)); });
  r.diagnostics = reader->diagnostics.str();
  r.reader = reader;
  return r;
}

StorageRead readStorageText(detect::KeyTable& keys, const std::string& type,
                            const std::string& text) {
  TempDir dir;
  writeFile(dir / "test.log", text);
  return readStorageLogs(keys, type, (dir / "test.log").string());
}

const ueba::ActivityCatalog& storageActivityCatalog() {
  static const auto catalog = [] {
    auto c = std::make_unique<ueba::ActivityCatalog>();
    const PluginManifest& m = storagePlugin()->manifest();
    std::string why;
    if (!c->add(m.id, {m.activities, m.anomalyKinds}, why)) throw std::logic_error(why);
    return c;
  }();
  return *catalog;
}

}  // namespace bulwark::test
