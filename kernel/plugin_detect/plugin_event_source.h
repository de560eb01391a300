// The kernel side of plugin event sources: what a plugin's emit_events batch must look like
// to become detection events, and which files a --source PATH names.
#pragma once

#include <bulwark/plugin.h>

#include <string>
#include <vector>

#include "detect/event.h"

namespace bulwark::plugindetect {

inline constexpr size_t kMaxEventBytes = 1 << 20;  // one event's text, all strings together

// Copies a plugin's wire event into `out` (keys are the shared table's). Returns "" when
// taken, else why not: no source or type, a key host->intern never gave, a field with no key,
// strings beyond kMaxEventBytes, a length without a pointer.
std::string eventFromPlugin(const bw_event& wire, const detect::KeyTable& keys, detect::Event& out);

// The regular files a --source PATH names: the file, or every file under the folder sorted
// by path. Throws std::runtime_error when it names neither.
std::vector<std::string> sourceFiles(const std::string& path);

}  // namespace bulwark::plugindetect
