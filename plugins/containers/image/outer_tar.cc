#include "image/outer_tar.h"

#include <archive.h>
#include <archive_entry.h>

#include <memory>

#include "image/entry_path.h"
#include "image/image_error.h"
#include "image/libarchive_util.h"

namespace bulwark::image {
namespace {

using ArchivePtr = std::unique_ptr<archive, decltype(&archive_read_free)>;

constexpr int64_t kMaxKeptTotalFactor = 16;

ArchivePtr openTar(const std::string& path) {
  ArchivePtr a(archive_read_new(), archive_read_free);
  enableDecompressors(a.get());
  archive_read_support_format_tar(a.get());
  archive_read_support_format_gnutar(a.get());
  if (archive_read_open_filename(a.get(), path.c_str(), 1 << 16) != ARCHIVE_OK)
    throw ImageError(path + ": cannot read as a tar: " + archiveError(a.get()));
  return a;
}

std::string entryName(archive_entry* entry) {
  const char* raw = archive_entry_pathname(entry);
  std::string why;
  auto clean = cleanEntryPath(raw == nullptr ? "" : raw, why);
  return clean ? *clean : std::string();
}

std::string linkTarget(const std::string& name, archive_entry* entry) {
  if (const char* hard = archive_entry_hardlink(entry)) {
    std::string why;
    auto clean = cleanEntryPath(hard, why);
    return clean ? *clean : std::string();
  }
  const char* soft = archive_entry_symlink(entry);
  if (soft == nullptr || soft[0] == '/') return {};
  std::string parent = parentPath(name);
  std::string why;
  std::string joined = parent.empty() ? soft : parent + "/" + soft;
  // Resolve ".." against the entry's folder; escapes above the tar root are dropped.
  std::string out;
  size_t start = 0;
  std::vector<std::string> parts;
  while (start <= joined.size()) {
    size_t end = joined.find('/', start);
    if (end == std::string::npos) end = joined.size();
    std::string part = joined.substr(start, end - start);
    start = end + 1;
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      if (parts.empty()) return {};
      parts.pop_back();
    } else {
      parts.push_back(part);
    }
  }
  for (const auto& part : parts)
    out += (out.empty() ? "" : "/") + part;
  return out;
}

}  // namespace

TarIndex indexTar(const std::string& path, const std::function<bool(const std::string&)>& keep,
                  const ImageLimits& limits) {
  ArchivePtr a = openTar(path);
  TarIndex index;
  int64_t keptTotal = 0;
  archive_entry* entry = nullptr;
  int rc;
  while ((rc = archive_read_next_header(a.get(), &entry)) != ARCHIVE_EOF) {
    if (rc < ARCHIVE_WARN) throw ImageError(path + ": " + archiveError(a.get()));
    std::string name = entryName(entry);
    if (name.empty()) continue;
    std::string target = linkTarget(name, entry);
    if (!target.empty()) {
      index.links[name] = target;
      continue;
    }
    if (archive_entry_filetype(entry) != AE_IFREG) continue;
    index.names.insert(name);
    int64_t size = archive_entry_size(entry);
    if (!keep(name) || size > limits.maxMetadataBytes ||
        keptTotal + size > limits.maxMetadataBytes * kMaxKeptTotalFactor)
      continue;
    std::string content;
    char buffer[1 << 14];
    la_ssize_t n;
    while ((n = archive_read_data(a.get(), buffer, sizeof buffer)) > 0)
      content.append(buffer, static_cast<size_t>(n));
    if (n < 0) throw ImageError(path + ": entry '" + name + "': " + archiveError(a.get()));
    keptTotal += static_cast<int64_t>(content.size());
    index.small[name] = std::move(content);
  }
  return index;
}

std::string resolveTarLink(const TarIndex& index, const std::string& name) {
  std::string current = name;
  for (int hop = 0; hop < 8; ++hop) {
    auto it = index.links.find(current);
    if (it == index.links.end()) return current;
    current = it->second;
  }
  return current;
}

void streamTarEntries(const std::string& path, const std::set<std::string>& wanted,
                      const std::function<void(const std::string&, ByteReader&)>& onEntry) {
  ArchivePtr a = openTar(path);
  archive_entry* entry = nullptr;
  int rc;
  while ((rc = archive_read_next_header(a.get(), &entry)) != ARCHIVE_EOF) {
    if (rc < ARCHIVE_WARN) throw ImageError(path + ": " + archiveError(a.get()));
    if (archive_entry_filetype(entry) != AE_IFREG || archive_entry_hardlink(entry) != nullptr)
      continue;
    std::string name = entryName(entry);
    if (wanted.count(name) == 0) continue;
    ArchiveEntryReader reader(a.get(), path + ": entry '" + name + "'");
    onEntry(name, reader);
  }
}

}  // namespace bulwark::image
