// Shared libarchive settings of the image readers.
#pragma once

#include <archive.h>

#include <string>

namespace bulwark::image {

// gzip, zstd, xz and bzip2, all through linked libraries. libarchive's "all" would also accept
// formats it decodes by running external programs, which hostile input should never trigger.
inline void enableDecompressors(archive* a) {
  archive_read_support_filter_gzip(a);
  archive_read_support_filter_zstd(a);
  archive_read_support_filter_xz(a);
  archive_read_support_filter_bzip2(a);
}

// archive_error_string, which may be null, as text.
inline std::string archiveError(archive* a) {
  const char* message = archive_error_string(a);
  return message != nullptr ? message : "unreadable archive";
}

}  // namespace bulwark::image
