#include "registry/pulled_layout.h"

#include <unistd.h>

#include <atomic>

namespace bulwark::registry {

PulledLayout::PulledLayout(const std::string& reference, const RegistryOptions& options,
                           const RegistryCredentials& credentials) {
  ImageReference ref = parseImageReference(reference);
  static std::atomic<unsigned> counter{0};
  path_ = std::filesystem::temp_directory_path() /
          ("bulwark-pull-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  std::filesystem::create_directories(path_);
  std::filesystem::permissions(path_, std::filesystem::perms::owner_all,
                               std::filesystem::perm_options::replace);
  try {
    image_ = pullImage(ref, options, credentials, path_ / "layout");
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
    throw;
  }
  path_ /= "layout";
}

PulledLayout::~PulledLayout() {
  std::error_code ignored;
  std::filesystem::remove_all(path_.parent_path(), ignored);
}

}  // namespace bulwark::registry
