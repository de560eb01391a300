#include "image/entry_path.h"

#include <vector>

namespace bulwark::image {
namespace {

std::vector<std::string_view> components(std::string_view path) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view part = path.substr(start, end - start);
    if (!part.empty() && part != ".") parts.push_back(part);
    start = end + 1;
  }
  return parts;
}

}  // namespace

std::optional<std::string> cleanEntryPath(std::string_view raw, std::string& why) {
  if (!raw.empty() && raw.front() == '/') {
    why = "absolute path";
    return std::nullopt;
  }
  std::string clean;
  for (std::string_view part : components(raw)) {
    if (part == "..") {
      why = "path traversal ('..' component)";
      return std::nullopt;
    }
    if (!clean.empty()) clean += '/';
    clean += part;
  }
  return clean;
}

bool symlinkEscapes(std::string_view linkPath, std::string_view target) {
  if (!target.empty() && target.front() == '/') return false;
  int depth = static_cast<int>(components(parentPath(linkPath)).size());
  for (std::string_view part : components(target)) {
    depth += part == ".." ? -1 : 1;
    if (depth < 0) return true;
  }
  return false;
}

std::string parentPath(std::string_view path) {
  size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string() : std::string(path.substr(0, slash));
}

std::string baseName(std::string_view path) {
  size_t slash = path.rfind('/');
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

bool isUnder(std::string_view path, std::string_view dir) {
  if (dir.empty()) return true;
  return path.size() >= dir.size() && path.substr(0, dir.size()) == dir &&
         (path.size() == dir.size() || path[dir.size()] == '/');
}

}  // namespace bulwark::image
