// The kernel side of plugin event sources: what a plugin's emit_events batch must look like
// to become detection events.
#pragma once

#include <bulwark/plugin.h>

#include <string>
#include <vector>

#include "detect/event.h"

namespace bulwark::plugindetect {

inline constexpr size_t kMaxEventBytes = 1 << 20;  // one event's text, all strings together

// Copies a plugin's wire event into `out`, reusing its buffers (keys are the shared table's).
// A field keyed `recordKey` (BW_RECORD_FIELD) sets out.line instead of being copied. Returns ""
// when taken, else why not: no source or type, a key host->intern never gave, a field with no
// key, strings beyond kMaxEventBytes, a length without a pointer, a record that is not a
// number; `out` is then left empty.
std::string eventFromPlugin(const bw_event& wire, const detect::KeyTable& keys,
                            detect::Key recordKey, detect::Event& out);

}  // namespace bulwark::plugindetect
