#include "image/byte_reader.h"

#include <archive.h>

#include <cerrno>
#include <cstring>

#include "image/image_error.h"
#include "image/libarchive_util.h"

namespace bulwark::image {

FileByteReader::FileByteReader(const std::string& path) : path_(path) {
  file_ = std::fopen(path.c_str(), "rb");
  if (file_ == nullptr) throw ImageError(path + ": cannot open: " + std::strerror(errno));
}

FileByteReader::~FileByteReader() {
  if (file_ != nullptr) std::fclose(file_);
}

size_t FileByteReader::read(char* buffer, size_t size) {
  size_t n = std::fread(buffer, 1, size, file_);
  if (n == 0 && std::ferror(file_)) throw ImageError(path_ + ": read error");
  return n;
}

size_t ArchiveEntryReader::read(char* buffer, size_t size) {
  la_ssize_t n = archive_read_data(outer_, buffer, size);
  if (n < 0) throw ImageError(name_ + ": " + archiveError(outer_));
  return static_cast<size_t>(n);
}

}  // namespace bulwark::image
