// A root filesystem folder, read as one layer named "rootfs". Symlinks are never followed, so
// nothing outside the folder is read.
#include <filesystem>
#include <fstream>
#include <sstream>

#include "image/image_error.h"
#include "image/image_source.h"

namespace bulwark::image {

namespace fs = std::filesystem;

ImageContent readRootfs(const ImageReference& ref, const AnalyserList& analysers,
                        const ImageLimits& limits, const OnResolved& onResolved) {
  std::error_code ec;
  fs::path root = fs::canonical(ref.path, ec);
  if (ec || !fs::is_directory(root)) throw ImageError(ref.path + ": not a folder");
  ImageContent image;
  image.reference = ref.text;
  image.digest = "rootfs:" + root.string();
  if (onResolved) onResolved(image.digest);
  LayerDescriptor layer;
  layer.digest = "rootfs";
  layer.location = root.string();
  image.layers.push_back(layer);
  LayerResult result;
  result.digest = "rootfs";
  auto options = fs::directory_options::skip_permission_denied;
  for (auto it = fs::recursive_directory_iterator(root, options, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    const fs::directory_entry& entry = *it;
    ++result.entries;
    std::error_code entryEc;
    if (entry.is_symlink(entryEc) || !entry.is_regular_file(entryEc)) continue;
    FileInfo info;
    info.path = entry.path().lexically_relative(root).generic_string();
    info.size = static_cast<int64_t>(entry.file_size(entryEc));
    info.executable = (entry.status(entryEc).permissions() &
                       (fs::perms::owner_exec | fs::perms::group_exec | fs::perms::others_exec)) !=
                      fs::perms::none;
    if (!anyAnalyserWants(info, analysers)) continue;
    if (info.size > limits.maxFileBytes) {
      result.files[info.path].problems.push_back("not analysed: over the per-file limit");
      continue;
    }
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    result.uncompressedBytes += info.size;
    result.files[info.path] = analyseFile(info, content.str(), "rootfs", analysers);
  }
  if (ec) throw ImageError(ref.path + ": " + ec.message());
  image.results.push_back(std::move(result));
  return image;
}

}  // namespace bulwark::image
