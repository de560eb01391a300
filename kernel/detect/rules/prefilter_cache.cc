#include "detect/rules/prefilter_cache.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <vector>

namespace bulwark::detect {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kMagic = "bulwark-hyperscan-cache 1\n";
constexpr uint64_t kMaxFileBytes = 64ull << 20;
constexpr size_t kMaxFiles = 64;  // one per distinct rule set; the least recently written go

// Owned by this user and writable by nobody else: a file someone else could have written is
// not loaded into the matcher.
bool trustworthy(const std::string& path, bool directory) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) return false;
  if (directory ? !S_ISDIR(st.st_mode) : !S_ISREG(st.st_mode)) return false;
  return st.st_uid == ::geteuid() && (st.st_mode & (S_IWGRP | S_IWOTH)) == 0;
}

std::string fileFor(const std::string& dir, std::string_view key) {
  std::ostringstream name;
  name << dir << "/prefilter-" << std::hex << std::hash<std::string_view>{}(key) << ".hsdb";
  return name.str();
}

void putSize(std::string& out, uint64_t n) {
  for (int i = 0; i < 8; ++i)
    out.push_back(static_cast<char>((n >> (8 * i)) & 0xFF));
}

bool takeSize(std::string_view& in, uint64_t& n) {
  if (in.size() < 8) return false;
  n = 0;
  for (int i = 0; i < 8; ++i)
    n |= static_cast<uint64_t>(static_cast<unsigned char>(in[static_cast<size_t>(i)])) << (8 * i);
  in.remove_prefix(8);
  return true;
}

// Keeps the folder to kMaxFiles cache files, removing the oldest.
void prune(const std::string& dir) {
  std::vector<std::pair<fs::file_time_type, fs::path>> files;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    if (e.path().extension() == ".hsdb") files.emplace_back(e.last_write_time(ec), e.path());
  }
  if (files.size() <= kMaxFiles) return;
  std::sort(files.begin(), files.end());
  for (size_t i = 0; i + kMaxFiles < files.size(); ++i)
    fs::remove(files[i].second, ec);
}

}  // namespace

std::string prefilterCacheDir() {
  if (const char* dir = std::getenv("BULWARK_CACHE_DIR"); dir != nullptr && *dir != '\0')
    return dir;
  if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg != nullptr && *xdg == '/')
    return std::string(xdg) + "/bulwark";
  if (const char* home = std::getenv("HOME"); home != nullptr && *home == '/')
    return std::string(home) + "/.cache/bulwark";
  return {};
}

std::optional<std::string> loadCachedPrefilter(std::string_view key) {
  const std::string dir = prefilterCacheDir();
  if (dir.empty() || !trustworthy(dir, true)) return std::nullopt;
  const std::string path = fileFor(dir, key);
  if (!trustworthy(path, false)) return std::nullopt;
  std::error_code ec;
  const uint64_t size = fs::file_size(path, ec);
  if (ec || size > kMaxFileBytes) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  std::string content(size, '\0');
  if (!in.read(content.data(), static_cast<std::streamsize>(size))) return std::nullopt;
  std::string_view rest(content);
  if (rest.substr(0, kMagic.size()) != kMagic) return std::nullopt;
  rest.remove_prefix(kMagic.size());
  uint64_t keySize = 0, bytesSize = 0;
  if (!takeSize(rest, keySize) || keySize > rest.size() || rest.substr(0, keySize) != key)
    return std::nullopt;
  rest.remove_prefix(keySize);
  if (!takeSize(rest, bytesSize) || bytesSize != rest.size()) return std::nullopt;
  return std::string(rest);
}

void storeCachedPrefilter(std::string_view key, std::string_view bytes) {
  const std::string dir = prefilterCacheDir();
  if (dir.empty()) return;
  std::error_code ec;
  fs::create_directories(dir, ec);
  fs::permissions(dir, fs::perms::owner_all, fs::perm_options::replace, ec);
  if (!trustworthy(dir, true)) return;
  std::string content(kMagic);
  putSize(content, key.size());
  content.append(key);
  putSize(content, bytes.size());
  content.append(bytes);
  const std::string path = fileFor(dir, key);
  const std::string temp = path + ".tmp." + std::to_string(::getpid());
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    if (!out.write(content.data(), static_cast<std::streamsize>(content.size()))) {
      fs::remove(temp, ec);
      return;
    }
  }
  fs::permissions(temp, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace,
                  ec);
  fs::rename(temp, path, ec);
  if (ec) fs::remove(temp, ec);
  prune(dir);
}

}  // namespace bulwark::detect
