// An image packed in one tar file (an OCI layout tar, a docker-archive), read in two passes:
// the index pass keeps only small metadata entries in memory; the stream pass hands the
// layer entries, one at a time, to a callback. Nothing is extracted.
#pragma once

#include <functional>
#include <map>
#include <set>
#include <string>

#include "image/byte_reader.h"
#include "image/limits.h"

namespace bulwark::image {

struct TarIndex {
  std::map<std::string, std::string> small;  // clean name -> content, for entries kept
  std::map<std::string, std::string> links;  // clean name -> clean target (symlinks, hard links)
  std::set<std::string> names;               // every regular file
};

// Keeps the regular files for which `keep(name)` holds, up to limits.maxMetadataBytes each.
// Throws ImageError naming `path` when it is not a readable tar.
TarIndex indexTar(const std::string& path, const std::function<bool(const std::string&)>& keep,
                  const ImageLimits& limits);

// Follows `links` from `name` (a few hops at most) to a regular file name.
std::string resolveTarLink(const TarIndex& index, const std::string& name);

// Calls `onEntry` for each regular file in `wanted`, in archive order.
void streamTarEntries(const std::string& path, const std::set<std::string>& wanted,
                      const std::function<void(const std::string&, ByteReader&)>& onEntry);

}  // namespace bulwark::image
