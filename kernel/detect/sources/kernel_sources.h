// The kernel's log readers (readers/reader_formats.h) as entries of a source registry.
#pragma once

#include "detect/sources/source_registry.h"

namespace bulwark::detect {

// `keys` and `options` must outlive the registry's entries.
void addKernelSources(SourceRegistry& registry, KeyTable& keys, const ReaderOptions& options);

}  // namespace bulwark::detect
