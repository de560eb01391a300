// A forward-only byte stream: a blob file, or an entry inside an outer tar being read.
#pragma once

#include <cstddef>
#include <cstdio>
#include <string>

struct archive;

namespace bulwark::image {

class ByteReader {
 public:
  virtual ~ByteReader() = default;
  // Up to `size` bytes into `buffer`; 0 at the end. Throws ImageError on a read error.
  virtual size_t read(char* buffer, size_t size) = 0;
};

class FileByteReader : public ByteReader {
 public:
  explicit FileByteReader(const std::string& path);  // throws ImageError naming the file
  ~FileByteReader() override;
  FileByteReader(const FileByteReader&) = delete;
  FileByteReader& operator=(const FileByteReader&) = delete;
  size_t read(char* buffer, size_t size) override;

 private:
  std::string path_;
  std::FILE* file_ = nullptr;
};

// The data of the current entry of an open libarchive reader.
class ArchiveEntryReader : public ByteReader {
 public:
  ArchiveEntryReader(archive* outer, std::string name) : outer_(outer), name_(std::move(name)) {}
  size_t read(char* buffer, size_t size) override;

 private:
  archive* outer_;
  std::string name_;
};

}  // namespace bulwark::image
