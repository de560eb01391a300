// Safety rules for the names inside a layer. Entries are never written to disk, but the merged
// view and the analysers rely on every path being relative and inside the root.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace bulwark::image {

// "./usr/bin/x" -> "usr/bin/x", "usr//lib/" -> "usr/lib"; "" for the root itself. Returns
// nullopt with `why` set for absolute paths and ".." components.
std::optional<std::string> cleanEntryPath(std::string_view raw, std::string& why);

// True when the symlink at `linkPath` (clean) pointing at `target` resolves above the root.
// Absolute targets resolve inside the image root, so they never escape.
bool symlinkEscapes(std::string_view linkPath, std::string_view target);

// The parent folder of a clean path ("" for top-level names) and its last component.
std::string parentPath(std::string_view path);
std::string baseName(std::string_view path);

// True when `path` is `dir` or lies under it ("" is the root: everything lies under it).
bool isUnder(std::string_view path, std::string_view dir);

}  // namespace bulwark::image
