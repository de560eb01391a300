// Streams one layer (a tar, compressed with gzip, zstd, xz, bzip2 or not at all) without
// writing anything to disk: hashes the bytes as read (blob digest) and as decompressed
// (diff id), enforces the size and ratio caps, refuses hostile names, records whiteouts and
// opaque folders, and hands the files the analysers want to them. Only analyser results are
// kept, so memory does not grow with the layer.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "image/analyser.h"
#include "image/byte_reader.h"
#include "image/limits.h"

namespace bulwark::image {

struct LayerResult {
  std::string digest;  // the layer's name in reports: manifest digest, diff id, or "rootfs"
  // Analysed files by clean path. An entry with no findings still hides the lower layers'
  // file at that path (a package.json replaced by a symlink, say).
  std::map<std::string, FileFindings> files;
  std::vector<std::string> whiteouts;   // paths deleted from lower layers
  std::vector<std::string> opaqueDirs;  // folders whose lower-layer content is hidden
  std::string blobDigest;               // sha256 of the bytes read
  std::string diffId;                   // sha256 of the decompressed tar
  int64_t compressedBytes = 0;
  int64_t uncompressedBytes = 0;
  int64_t entries = 0;
};

// `digest` names the layer in results and errors. Throws ImageError ("layer <digest>: entry
// '<name>': ...") for absolute or '..' names, symlinks or hard links leaving the root, a
// corrupt stream, or a cap exceeded.
LayerResult walkLayer(ByteReader& reader, const std::string& digest, const AnalyserList& analysers,
                      const ImageLimits& limits);

// Runs the analysers that want `info` over `content` and stamps their packages with `layer`.
FileFindings analyseFile(const FileInfo& info, std::string_view content, const std::string& layer,
                         const AnalyserList& analysers);
bool anyAnalyserWants(const FileInfo& info, const AnalyserList& analysers);

}  // namespace bulwark::image
