// An image pulled from a registry into a private temporary OCI layout for as long as the
// object lives (the image scanner reads it as oci:PATH), removed again on destruction.
#pragma once

#include <filesystem>
#include <string>

#include "registry/image_pull.h"

namespace bulwark::registry {

class PulledLayout {
 public:
  // `reference` as parseImageReference reads it; throws ReferenceError or RegistryError.
  PulledLayout(const std::string& reference, const RegistryOptions& options,
               const RegistryCredentials& credentials);
  ~PulledLayout();
  PulledLayout(const PulledLayout&) = delete;
  PulledLayout& operator=(const PulledLayout&) = delete;

  const std::filesystem::path& path() const { return path_; }
  const PulledImage& image() const { return image_; }

 private:
  std::filesystem::path path_;
  PulledImage image_;
};

}  // namespace bulwark::registry
