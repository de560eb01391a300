// The storage plugin's log sources and UEBA declarations, from bulwark_storage_core, run
// through the kernel as `bulwark detect` runs them (in_process_plugin.h): reading gives the
// detect::Events the engine gets, with the skipped records the CLI reports.
#pragma once

#include <string>
#include <vector>

#include "detect/readers/reader.h"
#include "loader/plugin_loader.h"
#include "ueba/activity_catalog.h"

namespace bulwark::test {

struct StorageRead {
  std::vector<detect::Event> events;
  detect::ReadStats stats;
  std::string diagnostics;       // what the kernel said about the plugin
  std::shared_ptr<void> reader;  // owns the file names the events point at
};

// The storage plugin, loaded in-process.
std::shared_ptr<LoadedPlugin> storagePlugin();

// Reads a file or folder with the storage plugin's source `type` (storage-blob-logs or
// storage-analytics).
StorageRead readStorageLogs(detect::KeyTable& keys, const std::string& type,
                            const std::string& path);
// The same over `text`, written to a temporary file.
StorageRead readStorageText(detect::KeyTable& keys, const std::string& type,
                            const std::string& text);

// The kernel's activity declarations and the storage plugin's.
const ueba::ActivityCatalog& storageActivityCatalog();

}  // namespace bulwark::test
