#include "image/layer_walker.h"

#include <archive.h>
#include <archive_entry.h>

#include <memory>

#include "image/entry_path.h"
#include "image/image_error.h"
#include "image/libarchive_util.h"
#include "image/sha256.h"

namespace bulwark::image {
namespace {

constexpr size_t kBufferBytes = 1 << 16;

using ArchivePtr = std::unique_ptr<archive, decltype(&archive_read_free)>;

// State shared by the two libarchive readers: the outer one decompresses the blob (format
// "raw"), the inner one reads the tar from the outer one's output. Callbacks cannot throw
// through libarchive's C frames, so they park the error here and return -1.
struct Pipeline {
  ByteReader* source = nullptr;
  const ImageLimits* limits = nullptr;
  std::string layer;
  Sha256 blobHash;
  Sha256 diffHash;
  int64_t rawBytes = 0;
  int64_t plainBytes = 0;
  archive* decompressor = nullptr;
  std::string error;
  std::vector<char> rawBuffer = std::vector<char>(kBufferBytes);
  std::vector<char> plainBuffer = std::vector<char>(kBufferBytes);

  la_ssize_t readRaw(const void** out) {
    try {
      size_t n = source->read(rawBuffer.data(), rawBuffer.size());
      blobHash.update(rawBuffer.data(), n);
      rawBytes += static_cast<int64_t>(n);
      *out = rawBuffer.data();
      return static_cast<la_ssize_t>(n);
    } catch (const std::exception& e) {
      error = e.what();
      return -1;
    }
  }

  la_ssize_t readPlain(const void** out) {
    la_ssize_t n = archive_read_data(decompressor, plainBuffer.data(), plainBuffer.size());
    if (n < 0) {
      if (error.empty()) error = std::string("decompression failed: ") + archiveError(decompressor);
      return -1;
    }
    diffHash.update(plainBuffer.data(), static_cast<size_t>(n));
    plainBytes += n;
    if (plainBytes > limits->maxLayerBytes) {
      error = "decompressed size passes the cap of " + std::to_string(limits->maxLayerBytes) +
              " bytes (decompression bomb?)";
      return -1;
    }
    if (plainBytes > limits->ratioFloorBytes && plainBytes > rawBytes * limits->maxRatio) {
      error = "decompression ratio passes " + std::to_string(limits->maxRatio) + ":1 after " +
              std::to_string(plainBytes) + " bytes (decompression bomb?)";
      return -1;
    }
    *out = plainBuffer.data();
    return n;
  }
};

la_ssize_t rawCallback(archive*, void* data, const void** out) {
  return static_cast<Pipeline*>(data)->readRaw(out);
}
la_ssize_t plainCallback(archive*, void* data, const void** out) {
  return static_cast<Pipeline*>(data)->readPlain(out);
}

[[noreturn]] void fail(const Pipeline& p, const std::string& entry, const std::string& why) {
  throw ImageError("layer " + p.layer + (entry.empty() ? "" : ": entry '" + entry + "'") + ": " +
                   why);
}

std::string archiveFailure(const Pipeline& p, archive* a) {
  return !p.error.empty() ? p.error : archiveError(a);
}

bool readContent(archive* tar, std::string& content, int64_t size) {
  content.clear();
  content.reserve(static_cast<size_t>(size));
  char buffer[kBufferBytes];
  la_ssize_t n;
  while ((n = archive_read_data(tar, buffer, sizeof buffer)) > 0)
    content.append(buffer, static_cast<size_t>(n));
  return n == 0;
}

}  // namespace

bool anyAnalyserWants(const FileInfo& info, const AnalyserList& analysers) {
  for (const auto& a : analysers)
    if (a->wants(info)) return true;
  return false;
}

FileFindings analyseFile(const FileInfo& info, std::string_view content, const std::string& layer,
                         const AnalyserList& analysers) {
  FileFindings findings;
  for (const auto& a : analysers)
    if (a->wants(info)) a->analyse(info, content, findings);
  for (auto& p : findings.packages)
    p.layer = layer;
  return findings;
}

LayerResult walkLayer(ByteReader& reader, const std::string& digest, const AnalyserList& analysers,
                      const ImageLimits& limits) {
  Pipeline p;
  p.source = &reader;
  p.limits = &limits;
  p.layer = digest;
  LayerResult result;
  result.digest = digest;

  ArchivePtr decompressor(archive_read_new(), archive_read_free);
  enableDecompressors(decompressor.get());
  archive_read_support_format_raw(decompressor.get());
  p.decompressor = decompressor.get();
  if (archive_read_open(decompressor.get(), &p, nullptr, rawCallback, nullptr) != ARCHIVE_OK)
    fail(p, "", archiveFailure(p, decompressor.get()));
  archive_entry* rawEntry = nullptr;
  int rc = archive_read_next_header(decompressor.get(), &rawEntry);
  if (rc == ARCHIVE_EOF) {
    result.blobDigest = p.blobHash.digest();
    result.diffId = p.diffHash.digest();
    result.compressedBytes = p.rawBytes;
    return result;  // an empty blob: a layer with nothing in it
  }
  if (rc < ARCHIVE_WARN) fail(p, "", archiveFailure(p, decompressor.get()));

  ArchivePtr tar(archive_read_new(), archive_read_free);
  archive_read_support_format_tar(tar.get());
  archive_read_support_format_gnutar(tar.get());
  if (archive_read_open(tar.get(), &p, nullptr, plainCallback, nullptr) != ARCHIVE_OK)
    fail(p, "", "not a tar layer: " + archiveFailure(p, tar.get()));

  archive_entry* entry = nullptr;
  std::string content;
  while ((rc = archive_read_next_header(tar.get(), &entry)) != ARCHIVE_EOF) {
    if (rc < ARCHIVE_WARN) fail(p, "", archiveFailure(p, tar.get()));
    if (++result.entries > limits.maxEntries)
      fail(p, "", "more than " + std::to_string(limits.maxEntries) + " entries");
    const char* rawName = archive_entry_pathname(entry);
    if (rawName == nullptr) fail(p, "", "entry without a readable name");
    std::string why;
    auto path = cleanEntryPath(rawName, why);
    if (!path) fail(p, rawName, why);
    if (path->empty()) continue;
    const std::string base = baseName(*path);
    if (base.rfind(".wh.", 0) == 0) {
      std::string parent = parentPath(*path);
      if (base == ".wh..wh..opq") {
        result.opaqueDirs.push_back(parent);
      } else if (base.rfind(".wh..wh.", 0) != 0) {
        result.whiteouts.push_back((parent.empty() ? "" : parent + "/") + base.substr(4));
      }
      continue;
    }
    FileInfo info{*path, archive_entry_size(entry), (archive_entry_perm(entry) & 0111) != 0};
    if (const char* link = archive_entry_hardlink(entry)) {
      auto target = cleanEntryPath(link, why);
      if (!target) fail(p, rawName, "hard link target '" + std::string(link) + "': " + why);
      auto found = result.files.find(*target);
      if (found != result.files.end()) {
        FileFindings copy = found->second;
        for (auto& pkg : copy.packages)
          pkg.path = *path;
        result.files[*path] = std::move(copy);
      }
      continue;
    }
    const auto type = archive_entry_filetype(entry);
    if (type == AE_IFLNK) {
      const char* target = archive_entry_symlink(entry);
      if (target != nullptr && symlinkEscapes(*path, target))
        fail(p, rawName, "symlink to '" + std::string(target) + "' escapes the image root");
      info.executable = false;
      if (anyAnalyserWants(info, analysers)) result.files[*path] = FileFindings{};
      continue;
    }
    if (type != AE_IFREG || !anyAnalyserWants(info, analysers)) continue;
    if (info.size > limits.maxFileBytes) {
      FileFindings skipped;
      skipped.problems.push_back("not analysed: " + std::to_string(info.size) +
                                 " bytes is over the per-file limit");
      result.files[*path] = std::move(skipped);
      continue;
    }
    if (!readContent(tar.get(), content, info.size)) fail(p, rawName, archiveFailure(p, tar.get()));
    result.files[*path] = analyseFile(info, content, digest, analysers);
  }
  // Read what follows the end-of-archive marker, so both digests cover the whole blob.
  const void* ignored = nullptr;
  la_ssize_t n;
  while ((n = p.readPlain(&ignored)) > 0) {
  }
  if (n < 0) fail(p, "", p.error);
  while ((n = p.readRaw(&ignored)) > 0) {
  }
  if (n < 0) fail(p, "", p.error);
  result.blobDigest = p.blobHash.digest();
  result.diffId = p.diffHash.digest();
  result.compressedBytes = p.rawBytes;
  result.uncompressedBytes = p.plainBytes;
  return result;
}

}  // namespace bulwark::image
