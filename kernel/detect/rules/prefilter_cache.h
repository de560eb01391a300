// Compiled Hyperscan databases kept between runs. Compiling the shipped rule regexes costs
// about 0.1 s per `bulwark detect`; loading the cached bytes about a millisecond.
//
// Files live in $BULWARK_CACHE_DIR, else $XDG_CACHE_HOME/bulwark, else ~/.cache/bulwark
// (created 0700). A file holds the full key it was made for (Hyperscan version, flags and every
// pattern) and is used only when that key is equal and the file and folder belong to the user
// and are writable by nobody else; anything else is ignored and compiled afresh. The folder
// keeps the 64 newest files. Cached data is rule text only, never log content.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace bulwark::detect {

// The folder, or "" when no home or cache folder is known (caching is then off).
std::string prefilterCacheDir();
// The bytes stored for `key`, when a trustworthy file holds exactly that key.
std::optional<std::string> loadCachedPrefilter(std::string_view key);
// Stores `bytes` for `key` (written to a temporary file, then renamed); failures are ignored.
void storeCachedPrefilter(std::string_view key, std::string_view bytes);

}  // namespace bulwark::detect
